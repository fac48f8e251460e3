import { useState } from 'react';
import { ApiError } from '../api';
import { type Lookups, useLookups } from '../components/problems';
import {
  Badge,
  type Column,
  DialogForm,
  ErrorBanner,
  Field,
  Flash,
  Loading,
  PageHeader,
  RadioGroup,
  Section,
  Table,
  TextAreaField,
  useSubmit,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { Link } from '../router';
import type { DisciplineQueue, Report, ReportOutcome, ToleranceApplication } from '../types';

const OUTCOMES: readonly ReportOutcome[] = ['substantiated', 'unfounded', 'malicious'];
const DISPOSITIONS = [1, 2, 3, 4] as const;

/**
 * 纪委办工作台: open reports against cadres (信访举报) and pending error-tolerance applications (容错纠错), from
 * `GET /discipline/queue`, each with its decision. A report never shows who made it: the reporter's identity
 * is sealed in the discipline service and opened (audited) only through its own route. Until the discipline
 * service answers, the page says the desk is not open yet instead of failing.
 */
export function DisciplinePage() {
  const { t, l, formatTime } = useI18n();
  const { api, can } = useSession();
  const lookups = useLookups();
  const queue = useLoad(() => api.get<DisciplineQueue>('/discipline/queue'), []);
  const [flash, setFlash] = useFlash();
  const [concluding, setConcluding] = useState<Report>();
  const [deciding, setDeciding] = useState<ToleranceApplication>();
  const notOpen =
    queue.error instanceof ApiError && (queue.error.status === 404 || queue.error.status === 501);

  const subject = (unitId: string | undefined, personId: string | undefined) => (
    <>
      <span className="cell-label">{lookups.unitName(unitId)}</span>
      {personId ? <span className="cell-note">{lookups.personName(personId)}</span> : null}
    </>
  );
  const problemLink = (problemId: string | undefined) =>
    problemId ? (
      <Link to={`/problems/${encodeURIComponent(problemId)}`}>{t('discipline.openProblem')}</Link>
    ) : (
      t('common.dash')
    );

  const reportColumns: Column<Report>[] = [
    {
      key: 'at',
      className: 'nowrap',
      header: t('discipline.receivedAt'),
      cell: (r) => formatTime(r.receivedAt),
    },
    { key: 'subject', header: t('problems.subject'), cell: (r) => subject(r.unitId, r.personId) },
    { key: 'aspect', header: t('problems.aspect'), cell: (r) => lookups.aspectName(r.aspectId) },
    {
      key: 'summary',
      header: t('discipline.summary'),
      cell: (r) => (
        <>
          <span className="problem-desc">{r.summary}</span>
          <span className="cell-note">
            {l('receivedVia', r.receivedVia)}
            {r.hasReporter ? ` · ${t('discipline.reporterSealed')}` : ` · ${t('discipline.anonymous')}`}
          </span>
        </>
      ),
    },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) =>
        r.conclusion ? (
          <Badge tone="ok">{l('reportOutcome', r.conclusion.outcome)}</Badge>
        ) : (
          <Badge tone="warn">{l('queueStatus', r.status)}</Badge>
        ),
    },
    { key: 'problem', header: t('problems.problemTitle'), cell: (r) => problemLink(r.problemId) },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (r) =>
        r.status === 'open' ? (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`${t('discipline.conclude')}：${r.summary.slice(0, 20)}`}
            onClick={() => setConcluding(r)}
          >
            {t('discipline.conclude')}
          </button>
        ) : null,
    },
  ];

  const toleranceColumns: Column<ToleranceApplication>[] = [
    {
      key: 'at',
      className: 'nowrap',
      header: t('discipline.appliedAt'),
      cell: (r) => formatTime(r.appliedAt),
    },
    {
      key: 'who',
      header: t('discipline.applicant'),
      cell: (r) =>
        r.applicantPersonId ? lookups.personName(r.applicantPersonId) : lookups.actorName(r.applicantUserId),
    },
    {
      key: 'justification',
      header: t('discipline.justification'),
      cell: (r) => <span className="problem-desc">{r.justification}</span>,
    },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) => <Badge tone={r.status === 'pending' ? 'warn' : 'ok'}>{l('queueStatus', r.status)}</Badge>,
    },
    { key: 'problem', header: t('problems.problemTitle'), cell: (r) => problemLink(r.problemId) },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (r) =>
        r.status === 'pending' && can('tolerance.decide') ? (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`${t('discipline.decide')}：${r.justification.slice(0, 20)}`}
            onClick={() => setDeciding(r)}
          >
            {t('discipline.decide')}
          </button>
        ) : null,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('discipline.title')}
        intro={t('discipline.intro')}
        actions={
          <button type="button" className="btn" onClick={queue.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <Flash message={flash} />
      {notOpen ? (
        <div className="alert alert-info" role="status">
          <p className="alert-title">{t('discipline.notOpen')}</p>
          <p>{t('discipline.notOpenHint')}</p>
        </div>
      ) : (
        <ErrorBanner error={queue.error} />
      )}
      {queue.loading && !queue.data ? <Loading /> : null}
      {queue.data ? (
        <>
          <Section title={t('discipline.reports', { n: queue.data.reports.length })}>
            <p className="hint">{t('discipline.sealed')}</p>
            <Table
              caption={t('discipline.reportsCaption')}
              columns={reportColumns}
              rows={queue.data.reports}
              rowKey={(r) => r.reportId}
              empty={t('discipline.noReports')}
            />
          </Section>
          <Section title={t('discipline.tolerance', { n: queue.data.toleranceApplications.length })}>
            <Table
              caption={t('discipline.toleranceCaption')}
              columns={toleranceColumns}
              rows={queue.data.toleranceApplications}
              rowKey={(r) => r.toleranceId}
              empty={t('discipline.noTolerance')}
            />
          </Section>
        </>
      ) : null}
      {concluding ? (
        <ConcludeDialog
          report={concluding}
          lookups={lookups}
          onClose={() => setConcluding(undefined)}
          onDone={() => {
            setConcluding(undefined);
            setFlash(t('discipline.concluded'));
            queue.reload();
          }}
        />
      ) : null}
      {deciding ? (
        <DecideDialog
          application={deciding}
          onClose={() => setDeciding(undefined)}
          onDone={(approve) => {
            setDeciding(undefined);
            setFlash(t(approve ? 'discipline.approved' : 'discipline.rejected'));
            queue.reload();
          }}
        />
      ) : null}
    </>
  );
}

function ConcludeDialog({
  report,
  lookups,
  onClose,
  onDone,
}: {
  report: Report;
  lookups: Lookups;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, l } = useI18n();
  const { api } = useSession();
  const [outcome, setOutcome] = useState<ReportOutcome>('substantiated');
  const [disposition, setDisposition] = useState<'' | '1' | '2' | '3' | '4'>('');
  const [findings, setFindings] = useState('');
  const [clarification, setClarification] = useState('');
  const [publish, setPublish] = useState(false);
  const substantiated = outcome === 'substantiated';

  const { busy, error, submit } = useSubmit(async () => {
    await api.post(`/reports/${encodeURIComponent(report.reportId)}/conclusion`, {
      outcome,
      ...(substantiated && disposition ? { disposition: Number(disposition) } : {}),
      findings: findings.trim(),
      ...(!substantiated && clarification.trim() ? { clarification: clarification.trim() } : {}),
      publishClarification: !substantiated && publish,
      ...(report.problemId ? { problemId: report.problemId } : {}),
    });
    onDone();
  });

  return (
    <DialogForm
      title={t('discipline.concludeTitle')}
      wide
      onClose={onClose}
      onSubmit={submit}
      error={error}
      intro={
        <p className="muted">
          {lookups.unitName(report.unitId)}
          {report.personId ? ` · ${lookups.personName(report.personId)}` : ''}：{report.summary}
        </p>
      }
      busy={busy}
      label={t('discipline.concludeConfirm')}
    >
      <div className="form-grid">
        <Field label={t('discipline.outcome')} name="outcome" required>
          {(p) => (
            <select {...p} value={outcome} onChange={(e) => setOutcome(e.target.value as ReportOutcome)}>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {l('reportOutcome', o)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {substantiated ? (
          <Field label={t('discipline.disposition')} name="disposition" required>
            {(p) => (
              <select
                {...p}
                value={disposition}
                onChange={(e) => setDisposition(e.target.value as typeof disposition)}
              >
                <option value="" disabled>
                  {t('discipline.pickDisposition')}
                </option>
                {DISPOSITIONS.map((d) => (
                  <option key={d} value={String(d)}>
                    {l('disposition', String(d))}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>
      <TextAreaField
        label={t('discipline.findings')}
        name="findings"
        required
        rows={4}
        maxLength={4000}
        value={findings}
        onChange={setFindings}
      />
      {!substantiated ? (
        <>
          <TextAreaField
            label={t('discipline.clarification')}
            hint={t('discipline.clarificationHint')}
            name="clarification"
            optional
            rows={3}
            maxLength={2000}
            value={clarification}
            onChange={setClarification}
          />
          <label className="checkbox">
            <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
            {t('discipline.publish')}
          </label>
        </>
      ) : null}
    </DialogForm>
  );
}

function DecideDialog({
  application,
  onClose,
  onDone,
}: {
  application: ToleranceApplication;
  onClose: () => void;
  onDone: (approve: boolean) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [approve, setApprove] = useState<'' | 'yes' | 'no'>('');
  const [reasons, setReasons] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await api.post(`/tolerance-applications/${encodeURIComponent(application.toleranceId)}/decision`, {
      approve: approve === 'yes',
      reasons: reasons.trim(),
    });
    onDone(approve === 'yes');
  });
  return (
    <DialogForm
      title={t('discipline.decideTitle')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      intro={<p className="prose">{application.justification}</p>}
      busy={busy}
      label={t('discipline.decideConfirm')}
      disabled={!approve}
    >
      <RadioGroup
        className="field checkbox-group"
        legend={t('discipline.decision')}
        name="approve"
        value={approve}
        options={[
          { value: 'yes', label: t('discipline.approve') },
          { value: 'no', label: t('discipline.reject') },
        ]}
        onChange={setApprove}
      />
      <TextAreaField
        label={t('discipline.reasons')}
        name="reasons"
        required
        rows={3}
        maxLength={2000}
        value={reasons}
        onChange={setReasons}
      />
    </DialogForm>
  );
}
