import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, NetworkError } from '../api';
import { FlagBadges, type Lookups, StateBadge, useLookups } from '../components/problems';
import { ResidentPhoto } from '../components/ResidentPhoto';
import {
  DialogForm,
  ErrorBanner,
  Field,
  Flash,
  FormActions,
  IssueScope,
  Loading,
  PageHeader,
  Section,
  TextAreaField,
  useFocusFirstInvalid,
  useSubmit,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { ACCEPT, EvidenceError, isImage, uploadEvidence } from '../evidence';
import type { MessageKey } from '../i18n';
import {
  addDays,
  dateInChina,
  followUpOf,
  isOverdue,
  isRecurrence,
  isStale,
  loadLedger,
  MOVES,
  mayMove,
  measureOverdue,
  NEEDS_REASON,
  takesMeasures,
  takesProgress,
  todayInChina,
} from '../problems';
import { Link, navigate } from '../router';
import type { PageProps } from '../routes';
import type {
  AddedMeasure,
  AddedProgress,
  Evidence,
  LifecycleAction,
  Measure,
  ProgressUpdate,
  TimelineEntry,
  ToleranceApplication,
  TransitionResult,
} from '../types';
import { useEvidenceUrl } from '../use-evidence-url';

const MOVE_LABEL: Record<LifecycleAction, MessageKey> = {
  accept: 'move.accept',
  start: 'move.start',
  submit: 'move.submit',
  signOff: 'move.signOff',
  reject: 'move.reject',
  resume: 'move.resume',
  reopen: 'move.reopen',
};
const MOVE_DONE: Record<LifecycleAction, MessageKey> = {
  accept: 'move.done.accept',
  start: 'move.done.start',
  submit: 'move.done.submit',
  signOff: 'move.done.signOff',
  reject: 'move.done.reject',
  resume: 'move.done.resume',
  reopen: 'move.done.reopen',
};

/**
 * One problem's page in the 整改台账: who and what, its causes and directions, the measures with their
 * progress and evidence, the timeline, and the moves its state allows. The server decides who may: a 403 or
 * 409 is shown with its reason; a stale version reloads the ledger and says so.
 */
export function ProblemPage({ params }: PageProps) {
  const { t, l, formatTime } = useI18n();
  const { api, can, me } = useSession();
  const problemId = params.problemId ?? '';
  const ledger = useLoad(() => loadLedger(api, problemId), [problemId]);
  const lookups = useLookups();
  const [flash, setFlash] = useFlash();
  const [notice, setNotice] = useState<string>();
  const [moveError, setMoveError] = useState<unknown>();
  const [busy, setBusy] = useState<LifecycleAction>();
  const [asking, setAsking] = useState<LifecycleAction>();
  const [reporting, setReporting] = useState<Measure>();
  const [applying, setApplying] = useState(false);
  const today = todayInChina();

  // Arrived from the raise form: say it is saved, once.
  useEffect(() => {
    if (new URLSearchParams(window.location.search).get('raised')) {
      setFlash(t('raise.done'));
      navigate(`/problems/${encodeURIComponent(problemId)}`, { replace: true });
    }
  }, [problemId, setFlash, t]);

  const data = ledger.data;
  const p = data?.problem;
  const flags = useMemo(
    () =>
      data
        ? {
            overdue: isOverdue(data.problem, data.measures, today),
            recurrence: isRecurrence(data.problem, data.timeline),
          }
        : { overdue: false, recurrence: false },
    [data, today],
  );

  /**
   * Make a move. A stale version reloads the ledger and says so (nothing was saved); any other refusal is
   * thrown for the caller to show where the user acted (the handling bar or the reason dialog).
   */
  const move = async (action: LifecycleAction, reason?: string) => {
    if (!p) return;
    setBusy(action);
    setMoveError(undefined);
    setNotice(undefined);
    try {
      await api.post<TransitionResult>(`/problems/${encodeURIComponent(p.problemId)}/transitions`, {
        action,
        ...(reason ? { reason } : {}),
        version: p.version,
      });
      setAsking(undefined);
      setFlash(t(MOVE_DONE[action]));
      ledger.reload();
    } catch (e) {
      if (!isStale(e)) throw e;
      setAsking(undefined);
      setNotice(t('problem.reloadedStale'));
      ledger.reload();
    } finally {
      setBusy(undefined);
    }
  };

  if (ledger.error instanceof ApiError && (ledger.error.status === 404 || ledger.error.status === 400)) {
    return (
      <>
        <PageHeader title={t('problem.notFound')} />
        <p>
          <Link to="/problems">{t('problem.back')}</Link>
        </p>
      </>
    );
  }

  const canRectify = can('problems.rectify');
  // The moves this caller may make here, by the server's rule of who may: others would only be refused (403).
  const myPersonId = lookups.me?.personId;
  const moves =
    p && data
      ? MOVES[p.state].filter((action) =>
          mayMove(action, {
            roles: me.roles,
            isResponsibleLeader: !!myPersonId && myPersonId === p.responsibleLeaderId,
            isOwner:
              !!myPersonId &&
              (p.personId === myPersonId || data.measures.some((m) => m.ownerId === myPersonId)),
          }),
        )
      : [];
  const followUp = p && data ? followUpOf(p, data.timeline) : undefined;
  const measuresOf = (m: Measure) => (data?.updates ?? []).filter((u) => u.measureId === m.measureId);

  return (
    <>
      <p className="crumbs">
        <Link to="/problems">{t('problem.back')}</Link>
      </p>
      <PageHeader
        title={p?.title ?? t('nav.problem')}
        actions={
          <button type="button" className="btn" onClick={ledger.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <Flash message={flash} />
      {notice ? (
        <div className="alert alert-info" role="alert">
          {notice}
        </div>
      ) : null}
      <ErrorBanner error={ledger.error ?? lookups.error} />
      {ledger.loading && !data ? <Loading /> : null}
      {p && data ? (
        <>
          <section className="panel problem-head" aria-label={t('problem.summary')}>
            <dl className="facts">
              <div>
                <dt>{t('problems.state')}</dt>
                <dd className="badges">
                  <StateBadge state={p.state} />
                  <FlagBadges {...flags} />
                </dd>
              </div>
              <div>
                <dt>{t('problems.source')}</dt>
                <dd>{l('source', p.source)}</dd>
              </div>
              <div>
                <dt>{t('problems.aspect')}</dt>
                <dd>{lookups.aspectName(p.aspectId)}</dd>
              </div>
              <div>
                <dt>{t('problems.unit')}</dt>
                <dd>{lookups.unitName(p.unitId)}</dd>
              </div>
              <div>
                <dt>{t('problems.person')}</dt>
                <dd>{lookups.personName(p.personId)}</dd>
              </div>
              <div>
                <dt>{t('problem.leader')}</dt>
                <dd>
                  {p.responsibleLeaderId ? lookups.personName(p.responsibleLeaderId) : t('units.noLeader')}
                </dd>
              </div>
              <div>
                <dt>{t('raise.severity')}</dt>
                <dd>{p.severity ? l('severity', p.severity) : t('common.dash')}</dd>
              </div>
              <div>
                <dt>{t('problems.reportedAt')}</dt>
                <dd>
                  {formatTime(p.reportedAt)}
                  {p.reportedBy ? <span className="muted">（{lookups.actorName(p.reportedBy)}）</span> : null}
                </dd>
              </div>
            </dl>
          </section>

          {canRectify ? (
            <Section title={t('problem.handle')}>
              <p className="hint">{t(`problem.hint.${p.state}` as MessageKey)}</p>
              {followUp ? (
                <p className="hint">
                  {followUp.kind === 'rated'
                    ? t('problem.hint.followUpRated')
                    : followUp.kind === 'over'
                      ? t('problem.hint.followUpOver', { date: dateInChina(followUp.endsAt) })
                      : followUp.endsAt
                        ? t('problem.hint.followUpWaiting', { date: dateInChina(followUp.endsAt) })
                        : t('problem.hint.followUpWaitingNoDate')}
                </p>
              ) : null}
              <MoveError error={moveError} />
              <div className="form-actions">
                {moves.map((action) => (
                  <button
                    key={action}
                    type="button"
                    className={
                      action === 'reject' || action === 'reopen'
                        ? 'btn btn-danger-outline'
                        : 'btn btn-primary'
                    }
                    disabled={!!busy}
                    onClick={() =>
                      NEEDS_REASON.has(action) ? setAsking(action) : void move(action).catch(setMoveError)
                    }
                  >
                    {busy === action ? t('common.saving') : t(MOVE_LABEL[action])}
                  </button>
                ))}
                {can('tolerance.apply') && p.state !== 'reported' ? (
                  <button type="button" className="btn btn-ghost" onClick={() => setApplying(true)}>
                    {t('tolerance.apply')}
                  </button>
                ) : null}
              </div>
            </Section>
          ) : null}

          <Section title={t('problems.description')}>
            <p className="prose">{p.description}</p>
            {p.photoKey ? <ResidentPhoto photoKey={p.photoKey} /> : null}
          </Section>
          <div className="two-col">
            <Section title={t('problem.causes')}>
              <NumberedLines lines={p.causes} empty={t('problem.noCauses')} />
            </Section>
            <Section title={t('problem.directions')}>
              <NumberedLines lines={p.directions} empty={t('problem.noDirections')} />
            </Section>
          </div>

          <Section title={t('problem.measures')}>
            {data.measures.length === 0 ? <p className="muted">{t('problem.noMeasures')}</p> : null}
            <ol className="measure-list">
              {data.measures.map((m) => (
                <li key={m.measureId} className="measure">
                  <div className="measure-head">
                    <p className="measure-text">{m.text}</p>
                    <span className="badges">
                      {m.status === 'done' ? (
                        <span className="badge badge-ok">{t('measure.done')}</span>
                      ) : measureOverdue(m, today) && p.state !== 'closed' ? (
                        <span className="badge badge-bad">{t('ledger.overdue')}</span>
                      ) : (
                        <span className="badge badge-info">{t('measure.open')}</span>
                      )}
                    </span>
                  </div>
                  <p className="measure-meta">
                    <span>
                      {t('measure.owner')}：{lookups.personName(m.ownerId)}
                    </span>
                    <span>
                      {t('measure.dueOn')}：{m.dueOn}
                    </span>
                  </p>
                  <Updates updates={measuresOf(m)} lookups={lookups} />
                  {canRectify && takesProgress(p.state) ? (
                    <button
                      type="button"
                      className="btn btn-small"
                      aria-label={`${t('progress.open')}：${m.text}`}
                      onClick={() => setReporting(m)}
                    >
                      {t('progress.open')}
                    </button>
                  ) : null}
                </li>
              ))}
            </ol>
            {canRectify && takesMeasures(p.state) ? (
              <MeasureForm
                lookups={lookups}
                defaultOwner={p.personId}
                version={p.version}
                problemId={p.problemId}
                onSaved={() => {
                  setFlash(t('measure.added'));
                  ledger.reload();
                }}
                onStale={() => {
                  setNotice(t('problem.reloadedStale'));
                  ledger.reload();
                }}
              />
            ) : null}
          </Section>

          <Section title={t('problem.timeline')}>
            <Timeline entries={data.timeline} lookups={lookups} />
          </Section>

          {asking ? (
            <ReasonDialog
              action={asking}
              onClose={() => {
                setAsking(undefined);
                setMoveError(undefined);
              }}
              onConfirm={(reason) => move(asking, reason)}
            />
          ) : null}
          {applying ? (
            <ToleranceDialog
              problemId={p.problemId}
              onClose={() => setApplying(false)}
              onDone={() => {
                setApplying(false);
                setFlash(t('tolerance.done'));
              }}
            />
          ) : null}
          {reporting ? (
            <ProgressDialog
              problemId={p.problemId}
              measure={reporting}
              version={p.version}
              onClose={() => setReporting(undefined)}
              onSaved={() => {
                setReporting(undefined);
                setFlash(t('progress.added'));
                ledger.reload();
              }}
              onStale={() => {
                setNotice(t('problem.reloadedStale'));
                ledger.reload();
              }}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}

/**
 * The server's answer to a move: 403 (this role may not) or 409 (the state does not allow, or something is
 * missing), with the server's own reason.
 */
function MoveError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  if (!(error instanceof ApiError) || (error.status !== 403 && error.status !== 409))
    return <ErrorBanner error={error} />;
  const reasons = [
    ...new Set([...error.errors.map((e) => e.reason), ...(error.detail ? [error.detail] : [])]),
  ];
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t(error.status === 403 ? 'problem.forbidden' : 'problem.notNow')}</p>
      {reasons.map((r) => (
        <p key={r} className="server-reason">
          {r}
        </p>
      ))}
    </div>
  );
}

function NumberedLines({ lines, empty }: { lines: string[] | undefined; empty: string }) {
  if (!lines?.length) return <p className="muted">{empty}</p>;
  return (
    <ol className="numbered">
      {lines.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ol>
  );
}

function Updates({ updates, lookups }: { updates: ProgressUpdate[]; lookups: Lookups }) {
  const { t, formatTime } = useI18n();
  if (!updates.length) return null;
  return (
    <ol className="update-list" aria-label={t('progress.list')}>
      {[...updates]
        .sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? -1 : 1))
        .map((u) => (
          <li key={u.updateId} className="update">
            <p className="update-meta">
              {formatTime(u.at)} · {lookups.actorName(u.by)}
            </p>
            <p className="prose">{u.text}</p>
            {u.evidence?.length ? (
              <ul className="evidence-list" aria-label={t('progress.evidence')}>
                {u.evidence.map((e) => (
                  <li key={e.key}>
                    <EvidenceItem item={e} />
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
    </ol>
  );
}

/** A thumbnail (photos) or a link (documents), through `GET /evidence?key=…`; the name if it cannot open. */
function EvidenceItem({ item }: { item: Evidence }) {
  const { t } = useI18n();
  const link = useEvidenceUrl(item.key);
  const size =
    item.size >= 1024 * 1024
      ? `${(item.size / 1024 / 1024).toFixed(1)} MB`
      : `${Math.max(1, Math.ceil(item.size / 1024))} KB`;
  if (!link.url)
    return (
      <span className="evidence evidence-pending" title={item.key}>
        <span aria-hidden="true">{isImage(item.contentType) ? '🖼' : '📄'}</span> {item.name}{' '}
        <span className="muted">
          （{size}
          {link.failed ? ` · ${t('evidence.unavailable')}` : ''}）
        </span>
      </span>
    );
  return (
    <a className="evidence" href={link.url} target="_blank" rel="noopener noreferrer">
      {isImage(item.contentType) ? (
        <img src={link.url} alt={item.name} className="evidence-thumb" loading="lazy" />
      ) : (
        <span aria-hidden="true">📄</span>
      )}
      <span>
        {item.name} <span className="muted">（{size}）</span>
      </span>
    </a>
  );
}

const TIMELINE_LABEL: Record<string, MessageKey> = {
  report: 'timeline.report',
  accept: 'move.accept',
  start: 'move.start',
  submit: 'move.submit',
  signOff: 'move.signOff',
  reject: 'move.reject',
  resume: 'move.resume',
  reopen: 'move.reopen',
  rerate: 'timeline.rerate',
  'rerate.rework': 'timeline.rerate.rework',
  'rerate.satisfied': 'timeline.rerate.satisfied',
  'measure.add': 'timeline.measure',
  progress: 'timeline.progress',
};

function Timeline({ entries, lookups }: { entries: TimelineEntry[]; lookups: Lookups }) {
  const { t, l, formatTime } = useI18n();
  // A resident's follow-up is written by the form link (`link:<id>`): say who, not the code.
  const actor = (id: string | undefined) =>
    id?.startsWith('link:') ? t('actorType.public') : lookups.actorName(id);
  const sorted = useMemo(
    () =>
      [...entries].sort((a, b) =>
        a.at < b.at ? -1 : a.at > b.at ? 1 : (a.entryId ?? '') < (b.entryId ?? '') ? -1 : 1,
      ),
    [entries],
  );
  if (!sorted.length) return <p className="muted">{t('common.empty')}</p>;
  return (
    <ol className="timeline" aria-label={t('problem.timeline')}>
      {sorted.map((e, i) => {
        const label = TIMELINE_LABEL[e.action];
        return (
          <li key={e.entryId ?? i} className={`timeline-entry timeline-${e.action.replace(/\W/g, '-')}`}>
            <p className="timeline-head">
              <strong>{label ? t(label) : e.action}</strong>
              {e.from && e.to && e.from !== e.to ? (
                <span className="muted">
                  {l('problemState', e.from)} → {l('problemState', e.to)}
                </span>
              ) : null}
            </p>
            <p className="timeline-meta">
              <time dateTime={e.at}>{formatTime(e.at)}</time> · {actor(e.actor)}
            </p>
            {e.reason ? (
              <p className="timeline-reason">{t('timeline.reason', { reason: e.reason })}</p>
            ) : null}
            {e.note ? (
              <p className="timeline-note">
                {e.action.startsWith('rerate')
                  ? t('timeline.rating', { rating: l('rating', e.note) })
                  : e.note}
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function ReasonDialog({
  action,
  onClose,
  onConfirm,
}: {
  action: LifecycleAction;
  onClose: () => void;
  onConfirm: (reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const reject = action === 'reject';
  const { busy, error, submit: send } = useSubmit(() => onConfirm(reason.trim()));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 2) return setTooShort(true);
    setTooShort(false);
    void send();
  };
  return (
    <DialogForm
      title={t(reject ? 'reason.rejectTitle' : 'reason.reopenTitle')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      intro={t(reject ? 'reason.rejectIntro' : 'reason.reopenIntro')}
      banner={<MoveError error={error} />}
      busy={busy}
      label={t(reject ? 'reason.rejectConfirm' : 'reason.reopenConfirm')}
      danger
    >
      <TextAreaField
        label={t(reject ? 'reason.rejectLabel' : 'reason.reopenLabel')}
        name="reason"
        error={tooShort ? t('reason.tooShort') : undefined}
        required
        rows={3}
        maxLength={1000}
        value={reason}
        onChange={setReason}
      />
    </DialogForm>
  );
}

/** 容错纠错: the cadre asks the discipline office to keep this problem out of negative scoring, and says why. */
function ToleranceDialog({
  problemId,
  onClose,
  onDone,
}: {
  problemId: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [justification, setJustification] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await api.post<ToleranceApplication>('/tolerance-applications', {
      problemId,
      justification: justification.trim(),
    });
    onDone();
  });
  return (
    <DialogForm
      title={t('tolerance.title')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      intro={t('tolerance.intro')}
      busy={busy}
      label={t('tolerance.submit')}
    >
      <TextAreaField
        label={t('tolerance.justification')}
        name="justification"
        required
        rows={4}
        maxLength={2000}
        value={justification}
        onChange={setJustification}
      />
    </DialogForm>
  );
}

function MeasureForm({
  lookups,
  defaultOwner,
  problemId,
  version,
  onSaved,
  onStale,
}: {
  lookups: Lookups;
  defaultOwner: string | undefined;
  problemId: string;
  version: number;
  onSaved: () => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({
    text: '',
    ownerId: defaultOwner ?? '',
    dueOn: addDays(todayInChina(), 30),
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post<AddedMeasure>(`/problems/${encodeURIComponent(problemId)}/measures`, {
        text: form.text.trim(),
        ownerId: form.ownerId,
        dueOn: form.dueOn,
        version,
      });
      setForm((f) => ({ ...f, text: '' }));
      setOpen(false);
      setBusy(false);
      onSaved();
    } catch (err) {
      if (isStale(err)) onStale();
      else setError(err);
      setBusy(false);
    }
  };
  if (!open)
    return (
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {t('measure.add')}
      </button>
    );
  return (
    <form ref={formRef} className="form subform" onSubmit={submit} noValidate aria-label={t('measure.add')}>
      <IssueScope error={error}>
        <h3>{t('measure.add')}</h3>
        <ErrorBanner error={error} />
        <Field label={t('measure.text')} name="text" required>
          {(p) => <textarea {...p} rows={2} maxLength={1000} value={form.text} onChange={set('text')} />}
        </Field>
        <div className="form-grid">
          <Field label={t('measure.owner')} name="ownerId" required>
            {(p) => (
              <select {...p} value={form.ownerId} onChange={set('ownerId')}>
                <option value="" disabled>
                  {t('raise.pickPerson')}
                </option>
                {lookups.people.map((x) => (
                  <option key={x.personId} value={x.personId}>
                    {x.name}（{lookups.unitName(x.unitId)}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('measure.dueOn')} name="dueOn" required>
            {(p) => <input {...p} type="date" value={form.dueOn} onChange={set('dueOn')} />}
          </Field>
        </div>
        <FormActions busy={busy} label={t('measure.save')} onCancel={() => setOpen(false)} />
      </IssueScope>
    </form>
  );
}

function ProgressDialog({
  problemId,
  measure,
  version,
  onClose,
  onSaved,
  onStale,
}: {
  problemId: string;
  measure: Measure;
  version: number;
  onClose: () => void;
  onSaved: () => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  // Files already in the store: a retry after a stale version does not upload them again.
  const uploaded = useRef(new Map<File, Evidence>());
  const [phase, setPhase] = useState<{ uploading?: string; saving?: boolean }>({});
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const [stale, setStale] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const busy = !!phase.uploading || !!phase.saving;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStale(false);
    const evidence: Evidence[] = [];
    for (const f of files) {
      const known = uploaded.current.get(f);
      if (known) {
        evidence.push(known);
        continue;
      }
      setPhase({ uploading: f.name });
      try {
        const ref = await uploadEvidence(api, f);
        uploaded.current.set(f, ref);
        evidence.push(ref);
      } catch (err) {
        setError(
          err instanceof EvidenceError || err instanceof ApiError || err instanceof NetworkError
            ? { upload: f.name, err }
            : err,
        );
        setPhase({});
        return;
      }
    }
    setPhase({ saving: true });
    try {
      await api.post<AddedProgress>(
        `/problems/${encodeURIComponent(problemId)}/measures/${encodeURIComponent(measure.measureId)}/updates`,
        { text: text.trim(), evidence, done, version },
      );
      onSaved();
    } catch (err) {
      if (isStale(err)) {
        setStale(true);
        onStale();
      } else setError(err);
      setPhase({});
    }
  };

  const uploadError =
    error && typeof error === 'object' && 'upload' in error
      ? (error as { upload: string; err: unknown })
      : undefined;
  return (
    // Closed only when idle: its cancel is disabled while busy, and Esc waits too.
    <DialogForm
      title={t('progress.title')}
      wide
      onClose={() => !busy && onClose()}
      onSubmit={submit}
      formRef={formRef}
      error={error}
      intro={
        <p className="muted">
          {t('progress.for')}
          {measure.text}
        </p>
      }
      banner={
        <>
          {stale ? (
            <div className="alert alert-info" role="alert">
              {t('progress.stale')}
            </div>
          ) : null}
          {uploadError ? (
            <UploadError name={uploadError.upload} error={uploadError.err} />
          ) : (
            <ErrorBanner error={error} />
          )}
        </>
      }
      busy={busy}
      label={t('progress.submit')}
      busyLabel={phase.uploading ? t('progress.uploading', { name: phase.uploading }) : undefined}
    >
      <TextAreaField
        label={t('progress.text')}
        name="text"
        required
        rows={4}
        maxLength={2000}
        value={text}
        onChange={setText}
      />
      <Field label={t('progress.files')} hint={t('progress.filesHint')} optional>
        {(p) => (
          <input
            {...p}
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            onChange={(e) => {
              setFiles(Array.from(e.target.files ?? []).slice(0, 10));
              setError(undefined);
            }}
          />
        )}
      </Field>
      {files.length ? (
        <ul className="file-list" aria-label={t('progress.chosen')}>
          {files.map((f) => (
            <li key={`${f.name}:${f.size}:${f.lastModified}`}>
              {f.name}
              {uploaded.current.has(f) ? (
                <span className="badge badge-ok">{t('progress.uploaded')}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} />
        {t('progress.done')}
      </label>
      <p className="sr-status" role="status">
        {phase.uploading
          ? t('progress.uploading', { name: phase.uploading })
          : phase.saving
            ? t('common.saving')
            : ''}
      </p>
    </DialogForm>
  );
}

function UploadError({ name, error }: { name: string; error: unknown }) {
  const { t } = useI18n();
  let reason: string;
  if (error instanceof EvidenceError)
    reason = t(
      error.reason === 'type'
        ? 'evidence.badType'
        : error.reason === 'size'
          ? 'evidence.tooBig'
          : 'evidence.storeFailed',
    );
  else if (error instanceof ApiError)
    reason =
      error.status === 404
        ? t('evidence.notReady')
        : [error.title, ...error.errors.map((e) => e.reason), error.detail].filter(Boolean).join('：');
  else reason = t('error.network');
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t('evidence.failed', { name })}</p>
      <p>{reason}</p>
    </div>
  );
}
