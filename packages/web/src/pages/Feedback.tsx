import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ResidentPhoto } from '../components/ResidentPhoto';
import {
  Badge,
  type Column,
  DialogForm,
  ErrorBanner,
  Field,
  Flash,
  FormActions,
  IssueScope,
  Loading,
  Modal,
  PageHeader,
  Table,
  TextAreaField,
  UnitOptions,
  useFocusFirstInvalid,
  useSubmit,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { byId, loadUnits } from '../data';
import {
  dateRangeError,
  type FeedbackFilters,
  feedbackQuery,
  loadFeedback,
  NO_FEEDBACK_FILTERS,
} from '../feedback';
import { Link } from '../router';
import { BAD_RATINGS, type Feedback, type OpenedContact, QUESTION_IDS } from '../types';

/** How many submissions a load aims for (the route's pages hold 100). */
const WANT = 200;
/** How long the dates rest before the list reloads: typing a year into a date input changes it digit by digit. */
const DATE_SETTLE_MS = 400;

/** `value` once it has not changed for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/**
 * 群众评价: what residents sent through the form links, newest first. The filters are the list route's own
 * query (GET /feedback filters on the server): a change reloads from the first page, and "load more" reads on
 * with the same filters. Everything a resident wrote is rendered as text (React escapes it); nothing stored
 * is ever markup. A call-back number shows masked, and only the call-back role can open it, with a reason
 * that is audited.
 */
export function FeedbackPage() {
  const { t, l, formatTime } = useI18n();
  const { api, can } = useSession();
  const units = useLoad(() => loadUnits(api), []);
  const [filters, setFilters] = useState<FeedbackFilters>(NO_FEEDBACK_FILTERS);
  const from = useSettled(filters.from, DATE_SETTLE_MS);
  const to = useSettled(filters.to, DATE_SETTLE_MS);
  const { unitId, complaint, bad } = filters;
  const query = useMemo(
    () => feedbackQuery({ unitId, complaint, bad, from, to }),
    [unitId, complaint, bad, from, to],
  );
  // Dates that cannot both hold are said under 截止日期 and never sent: no list stands as if it matched them.
  const rangeError = dateRangeError({ from, to });
  const list = useLoad(
    () => (rangeError ? Promise.resolve(undefined) : loadFeedback(api, query, { want: WANT })),
    [query, rangeError],
  );
  // "Load more" appends only to the list of the filters it was asked under.
  const current = useRef(query);
  current.current = query;
  const [more, setMore] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const [flash, setFlash] = useFlash();
  const [replying, setReplying] = useState<Feedback>();
  const [opening, setOpening] = useState<Feedback>();
  const unitsById = useMemo(() => byId(units.data, 'unitId'), [units.data]);
  const rows = list.data?.items ?? [];
  const active = JSON.stringify(filters) !== JSON.stringify(NO_FEEDBACK_FILTERS);
  const set = <K extends keyof FeedbackFilters>(k: K, v: FeedbackFilters[K]) =>
    setFilters((f) => ({ ...f, [k]: v }));

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true });
    try {
      const next = await loadFeedback(api, query, { cursor, want: WANT });
      if (current.current === query)
        list.set((prev) => ({ items: [...(prev?.items ?? []), ...next.items], nextCursor: next.nextCursor }));
      setMore({ busy: false });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const columns: Column<Feedback>[] = [
    {
      key: 'at',
      header: t('feedback.submittedAt'),
      className: 'nowrap',
      cell: (r) => formatTime(r.submittedAt),
    },
    {
      key: 'unit',
      header: t('feedback.unit'),
      cell: (r) => unitsById.get(r.unitId)?.name ?? <span className="mono">{r.unitId}</span>,
    },
    {
      key: 'ratings',
      header: t('feedback.ratings'),
      cell: (r) => (
        <ul className="rating-list">
          {QUESTION_IDS.map((q) => (
            <li key={q} className="rating-item" title={t(`question.${q}`)}>
              <span className="rating-q">{t(`questionShort.${q}`)}</span>
              <Badge
                tone={
                  BAD_RATINGS.includes(r.ratings[q])
                    ? 'bad'
                    : r.ratings[q] === 'basically_satisfied'
                      ? 'muted'
                      : 'ok'
                }
              >
                {l('rating', r.ratings[q])}
              </Badge>
            </li>
          ))}
        </ul>
      ),
    },
    {
      key: 'complaint',
      header: t('feedback.complaint'),
      cell: (r) =>
        r.complaint || r.photoKey ? (
          <>
            {r.complaint ? <p className="prose feedback-text">{r.complaint}</p> : null}
            {r.photoKey ? <ResidentPhoto photoKey={r.photoKey} /> : null}
            {r.problemId ? (
              <p className="hint">
                <Link to={`/problems/${encodeURIComponent(r.problemId)}`}>{t('feedback.viewProblem')}</Link>
                {r.problemState
                  ? ` · ${t('feedback.problemState', { state: l('problemState', r.problemState) })}`
                  : null}
              </p>
            ) : null}
            {r.reply ? (
              <p className="hint feedback-reply">
                <Badge tone="ok">{t('feedback.replied', { time: formatTime(r.reply.repliedAt) })}</Badge>{' '}
                {r.reply.text}
              </p>
            ) : null}
          </>
        ) : (
          <span className="muted">{t('feedback.noComplaint')}</span>
        ),
    },
    {
      key: 'contact',
      header: t('feedback.contact'),
      cell: (r) => {
        const c = r.contact;
        if (!c) return <span className="muted">{t('feedback.noContact')}</span>;
        const until = t('feedback.contactUntil', { date: formatTime(c.expiresAt) });
        if (c.sealed)
          return (
            <span title={t('feedback.contactSealedHint')}>
              <Badge tone="warn">{t('feedback.contactSealed')}</Badge>
              <span className="hint block">{t('feedback.contactSealedHint')}</span>
            </span>
          );
        return (
          <span>
            <span className="mono nowrap">{c.masked}</span>
            <span className="hint block">{until}</span>
            {can('feedback.contact.read') ? (
              <button
                type="button"
                className="btn btn-small"
                aria-label={`${t('feedback.openContact')} ${c.masked}`}
                onClick={() => setOpening(r)}
              >
                {t('feedback.openContact')}
              </button>
            ) : (
              <span className="hint block">{t('feedback.contactWhoOpens')}</span>
            )}
          </span>
        );
      },
    },
  ];
  if (can('feedback.reply'))
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      // A reply answers a problem or suggestion; a rating alone has nothing to answer.
      cell: (r) =>
        r.complaint ? (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`${t(r.reply ? 'feedback.editReply' : 'feedback.reply')} ${formatTime(r.submittedAt)}`}
            onClick={() => setReplying(r)}
          >
            {t(r.reply ? 'feedback.editReply' : 'feedback.reply')}
          </button>
        ) : null,
    });

  return (
    <>
      <PageHeader
        title={t('feedback.title')}
        intro={t('feedback.intro')}
        actions={
          <button type="button" className="btn" onClick={list.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <Flash message={flash} />
      {/* The list's own 400 (a filter the server refuses) is shown under the filter it names. */}
      <IssueScope error={list.error}>
        <div className="toolbar filter-bar">
          <Field label={t('feedback.filterUnit')} name="unitId">
            {(p) => (
              <select {...p} value={filters.unitId} onChange={(e) => set('unitId', e.target.value)}>
                <option value="">{t('common.all')}</option>
                <UnitOptions units={units.data} />
              </select>
            )}
          </Field>
          <Field label={t('feedback.filterFrom')} name="from">
            {(p) => (
              <input
                {...p}
                type="date"
                value={filters.from}
                max={filters.to || undefined}
                onChange={(e) => set('from', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('feedback.filterTo')} name="to" error={rangeError ? t(rangeError) : undefined}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={filters.to}
                min={filters.from || undefined}
                onChange={(e) => set('to', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('feedback.filterComplaint')} name="complaint">
            {(p) => (
              <select
                {...p}
                value={filters.complaint}
                onChange={(e) => set('complaint', e.target.value as FeedbackFilters['complaint'])}
              >
                <option value="">{t('common.all')}</option>
                <option value="with">{t('feedback.withComplaint')}</option>
                <option value="without">{t('feedback.withoutComplaint')}</option>
              </select>
            )}
          </Field>
          <label className="checkbox filter-check">
            <input type="checkbox" checked={filters.bad} onChange={(e) => set('bad', e.target.checked)} />
            {t('feedback.filterBad')}
          </label>
          {active ? (
            <button type="button" className="btn btn-ghost" onClick={() => setFilters(NO_FEEDBACK_FILTERS)}>
              {t('feedback.clearFilters')}
            </button>
          ) : null}
        </div>
        <ErrorBanner error={list.error ?? units.error} />
      </IssueScope>
      {rangeError ? <p className="muted table-note">{t('feedback.fixFilters')}</p> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {/* After a refused load the rows of the filters before are not these filters' rows: none are shown. */}
      {list.data && !list.error ? (
        <>
          <p className="muted table-note" role="status">
            {list.loading
              ? t('app.loading')
              : t(
                  active
                    ? list.data.nextCursor
                      ? 'feedback.matched'
                      : 'feedback.matchedAll'
                    : list.data.nextCursor
                      ? 'feedback.shown'
                      : 'feedback.shownAll',
                  { loaded: rows.length },
                )}
          </p>
          <Table
            caption={t('feedback.caption')}
            columns={columns}
            rows={rows}
            rowKey={(r) => r.feedbackId}
            empty={t(active ? 'feedback.noMatch' : 'feedback.none')}
            stackOnPhone
          />
          <ErrorBanner error={more.error} />
          {list.data.nextCursor ? (
            <div className="pager">
              <button type="button" className="btn" onClick={loadMore} disabled={more.busy}>
                {more.busy ? t('app.loading') : t('feedback.loadMore')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
      {replying ? (
        <ReplyDialog
          feedback={replying}
          onClose={() => setReplying(undefined)}
          onSaved={(reply) => {
            const id = replying.feedbackId;
            list.set(
              (prev) =>
                prev && {
                  ...prev,
                  items: prev.items.map((i) => (i.feedbackId === id ? { ...i, reply } : i)),
                },
            );
            setReplying(undefined);
            setFlash(t('feedback.replySaved'));
          }}
        />
      ) : null}
      {opening ? <OpenContactDialog feedback={opening} onClose={() => setOpening(undefined)} /> : null}
    </>
  );
}

function ReplyDialog({
  feedback,
  onClose,
  onSaved,
}: {
  feedback: Feedback;
  onClose: () => void;
  onSaved: (reply: NonNullable<Feedback['reply']>) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  // A reply already sent is where an edit starts: the clerk sees what the resident reads now.
  const [text, setText] = useState(feedback.reply?.text ?? '');
  const { busy, error, submit } = useSubmit(async () => {
    const saved = await api.put<{ text: string; repliedAt: string }>(
      `/feedback/${encodeURIComponent(feedback.feedbackId)}/reply`,
      { text },
    );
    onSaved({ text: saved.text, repliedAt: saved.repliedAt });
  });
  return (
    <DialogForm
      title={t('feedback.replyTitle')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      intro={
        <>
          <p>{t('feedback.replyIntro')}</p>
          {feedback.complaint ? <p className="prose quote">{feedback.complaint}</p> : null}
        </>
      }
      busy={busy}
    >
      <TextAreaField
        label={t('feedback.replyText')}
        hint={t('feedback.replyHint')}
        name="text"
        required
        rows={5}
        maxLength={500}
        value={text}
        onChange={setText}
      />
    </DialogForm>
  );
}

function OpenContactDialog({ feedback, onClose }: { feedback: Feedback; onClose: () => void }) {
  const { t, formatTime } = useI18n();
  const { api } = useSession();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const [opened, setOpened] = useState<OpenedContact>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setOpened(
        await api.post<OpenedContact>(`/feedback/${encodeURIComponent(feedback.feedbackId)}/contact/open`, {
          reason,
        }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('feedback.openContactTitle')} open onClose={onClose}>
      {opened ? (
        <>
          <div className="credential">
            <span className="credential-label">{t('feedback.openedPhone')}</span>
            <code className="credential-value">{opened.phone}</code>
          </div>
          <p className="hint">{t('feedback.openedNote', { time: formatTime(opened.openedAt) })}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </>
      ) : (
        <form ref={formRef} className="form" onSubmit={submit} noValidate>
          <IssueScope error={error}>
            <p>{t('feedback.openContactIntro')}</p>
            <ErrorBanner error={error} />
            <Field
              label={t('feedback.openContactReason')}
              hint={t('feedback.openContactReasonHint')}
              name="reason"
              required
            >
              {(p) => (
                <input {...p} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
              )}
            </Field>
            <FormActions
              busy={busy}
              label={t('feedback.openContactSubmit')}
              busyLabel={t('feedback.openContactSubmit')}
              onCancel={onClose}
            />
          </IssueScope>
        </form>
      )}
    </Modal>
  );
}
