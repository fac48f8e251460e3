import { type ReactNode, useId, useMemo, useState } from 'react';
import { useI18n, useLoad, useSession } from '../context';
import { loadAllPeople, loadUnits } from '../data';
import type { MessageKey } from '../i18n';
import {
  isOverdue,
  isRecurrence,
  type ProblemFilters,
  RAISE_ACTION,
  type Sort,
  type SortKey,
  STATE_TONE,
} from '../problems';
import { Link } from '../router';
import {
  type Person,
  PROBLEM_SOURCES,
  PROBLEM_STATES,
  type Problem,
  type ProblemState,
  RAISE_SOURCES,
  type RaisedProblem,
  type RaiseSource,
  SEVERITIES,
  type Settings,
  type Severity,
  type Unit,
} from '../types';
import {
  Badge,
  type Column,
  DialogForm,
  ErrorBanner,
  Field,
  fieldError,
  Table,
  UnitOptions,
  useSubmit,
} from './ui';

// ── lookups: names for the ids a problem carries ─────────────────────────────────────────────────────

export interface Lookups {
  units: Unit[];
  people: Person[];
  aspects: Settings['aspects'];
  unitName(id: string | undefined): string;
  personName(id: string | undefined): string;
  aspectName(id: string | undefined): string;
  /** The name behind a user id (an account): the person linked to it, if any. */
  actorName(userId: string | undefined): string;
  /** The caller's own person (the one linked to their account). */
  me: Person | undefined;
  loading: boolean;
  error: unknown;
}

/** Units, people and the aspects of the township, loaded once per page, with name lookups. */
export function useLookups(): Lookups {
  const { t } = useI18n();
  const { api, me } = useSession();
  const units = useLoad(() => loadUnits(api), []);
  const people = useLoad(() => loadAllPeople(api), []);
  const settings = useLoad(() => api.get<Settings>('/settings'), []);
  return useMemo(() => {
    const u = new Map((units.data ?? []).map((x) => [x.unitId, x]));
    const p = new Map((people.data ?? []).map((x) => [x.personId, x]));
    const byAccount = new Map(
      (people.data ?? []).filter((x) => x.accountId).map((x) => [x.accountId as string, x]),
    );
    const a = new Map((settings.data?.aspects ?? []).map((x) => [x.id, x]));
    const dash = t('common.dash');
    return {
      units: units.data ?? [],
      people: people.data ?? [],
      aspects: settings.data?.aspects ?? [],
      unitName: (id) => (id ? (u.get(id)?.name ?? id) : dash),
      personName: (id) => (id ? (p.get(id)?.name ?? id) : dash),
      aspectName: (id) => (id ? (a.get(id)?.name ?? id) : dash),
      actorName: (id) =>
        id ? (byAccount.get(id)?.name ?? (id === me.userId ? (me.name ?? id) : id)) : t('actorType.system'),
      me: byAccount.get(me.userId),
      loading: units.loading || people.loading || settings.loading,
      error: units.error ?? people.error ?? settings.error,
    };
  }, [
    units.data,
    people.data,
    settings.data,
    units.loading,
    people.loading,
    settings.loading,
    units.error,
    people.error,
    settings.error,
    me,
    t,
  ]);
}

// ── small pieces ─────────────────────────────────────────────────────────────────────────────────────

export function StateBadge({ state }: { state: ProblemState }) {
  const { l } = useI18n();
  return <Badge tone={STATE_TONE[state] ?? 'muted'}>{l('problemState', state)}</Badge>;
}

/** 逾期 and 一犯再犯, when they apply. */
export function FlagBadges({ overdue, recurrence }: { overdue: boolean; recurrence: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {overdue ? <Badge tone="bad">{t('ledger.overdue')}</Badge> : null}
      {recurrence ? <Badge tone="warn">{t('ledger.recurrence')}</Badge> : null}
    </>
  );
}

/**
 * A list the user builds a line at a time (原因一条一条, 努力方向一项一项): each line its own labelled input,
 * removable, with the server's reason for `causes.2` next to line 3.
 */
export function LineList({
  legend,
  itemLabel,
  addLabel,
  lines,
  onChange,
  field,
  error,
  hint,
}: {
  legend: string;
  /** `原因` → inputs labelled `原因 1`, `原因 2` … */
  itemLabel: string;
  addLabel: string;
  lines: string[];
  onChange: (lines: string[]) => void;
  field: string;
  error: unknown;
  hint?: string;
}) {
  const { t } = useI18n();
  const hintId = useId();
  const listError = fieldError(error, field);
  return (
    <fieldset className="field line-list" aria-describedby={hint ? hintId : undefined}>
      <legend>
        {legend}
        <span className="optional">{t('common.optionalNote')}</span>
      </legend>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {lines.length ? (
        <ol className="line-list-items">
          {lines.map((line, i) => {
            const label = `${itemLabel} ${i + 1}`;
            const err = fieldError(error, `${field}.${i}`);
            return (
              <li key={i} className={err ? 'has-error' : undefined}>
                <div className="line-row">
                  <input
                    aria-label={label}
                    aria-invalid={err ? true : undefined}
                    value={line}
                    maxLength={500}
                    onChange={(e) => onChange(lines.map((x, j) => (j === i ? e.target.value : x)))}
                  />
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    aria-label={`${t('common.remove')} ${label}`}
                    onClick={() => onChange(lines.filter((_x, j) => j !== i))}
                  >
                    {t('common.remove')}
                  </button>
                </div>
                {err ? <p className="field-error">{err}</p> : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {listError ? <p className="field-error">{listError}</p> : null}
      <div>
        <button
          type="button"
          className="btn btn-small"
          disabled={lines.length >= 20}
          onClick={() => onChange([...lines, ''])}
        >
          {addLabel}
        </button>
      </div>
    </fieldset>
  );
}

// ── the table of problems (问题清单 / 我的问题) ────────────────────────────────────────────────────────

export function ProblemTable({
  caption,
  rows,
  lookups,
  sort,
  onSort,
  empty,
}: {
  caption: string;
  rows: readonly Problem[];
  lookups: Lookups;
  sort: Sort;
  onSort: (s: Sort) => void;
  empty?: string;
}) {
  const { t, l, formatTime } = useI18n();
  const header = (key: SortKey, label: MessageKey) => {
    const active = sort.key === key;
    return {
      sort: active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none',
      header: (
        <button
          type="button"
          className="sort-button"
          onClick={() =>
            onSort({ key, dir: active ? (sort.dir === 1 ? -1 : 1) : key === 'reportedAt' ? -1 : 1 })
          }
        >
          {t(label)}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.dir === 1 ? '▲' : '▼') : '↕'}
          </span>
        </button>
      ),
    } as const;
  };
  const columns: Column<Problem>[] = [
    {
      key: 'title',
      header: t('problems.problemTitle'),
      cell: (r) => (
        <div className="problem-cell">
          <Link to={`/problems/${encodeURIComponent(r.problemId)}`}>{r.title}</Link>
          {r.aspectId ? <span className="cell-note">{lookups.aspectName(r.aspectId)}</span> : null}
        </div>
      ),
    },
    { key: 'source', header: t('problems.source'), cell: (r) => l('source', r.source) },
    {
      key: 'subject',
      header: t('problems.subject'),
      cell: (r) => (
        <>
          <span className="cell-label">{lookups.unitName(r.unitId)}</span>
          {r.personId ? <span className="cell-note">{lookups.personName(r.personId)}</span> : null}
        </>
      ),
    },
    {
      key: 'state',
      ...header('state', 'problems.state'),
      cell: (r) => (
        <span className="badges">
          <StateBadge state={r.state} />
          <FlagBadges overdue={isOverdue(r)} recurrence={isRecurrence(r)} />
        </span>
      ),
    },
    {
      key: 'severity',
      className: 'nowrap',
      header: t('raise.severity'),
      cell: (r) => (r.severity ? l('severity', r.severity) : t('common.dash')),
    },
    {
      key: 'at',
      className: 'nowrap',
      ...header('reportedAt', 'problems.reportedAt'),
      cell: (r) => formatTime(r.reportedAt),
    },
  ];
  return (
    <Table
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.problemId}
      {...(empty ? { empty } : {})}
    />
  );
}

// ── filters ──────────────────────────────────────────────────────────────────────────────────────────

export function FilterBar({
  value,
  onChange,
  lookups,
  children,
}: {
  value: ProblemFilters;
  onChange: (f: ProblemFilters) => void;
  lookups: Lookups;
  children?: ReactNode;
}) {
  const { t, l } = useI18n();
  const set =
    <K extends keyof ProblemFilters>(k: K) =>
    (e: { target: { value: string } }) =>
      onChange({
        ...value,
        [k]: e.target.value,
        // A unit narrows the people; a person of another unit no longer fits.
        ...(k === 'unitId' ? { personId: '' } : {}),
      });
  const people = value.unitId ? lookups.people.filter((p) => p.unitId === value.unitId) : lookups.people;
  const all = t('common.all');
  return (
    <div className="toolbar filter-bar">
      <Field label={t('problems.source')}>
        {(p) => (
          <select {...p} value={value.source} onChange={set('source')}>
            <option value="">{all}</option>
            {PROBLEM_SOURCES.map((s) => (
              <option key={s} value={s}>
                {l('source', s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('problems.aspect')}>
        {(p) => (
          <select {...p} value={value.aspectId} onChange={set('aspectId')}>
            <option value="">{all}</option>
            {lookups.aspects.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('problems.unit')}>
        {(p) => (
          <select {...p} value={value.unitId} onChange={set('unitId')}>
            <option value="">{all}</option>
            <UnitOptions units={lookups.units} />
          </select>
        )}
      </Field>
      <Field label={t('problems.person')}>
        {(p) => (
          <select {...p} value={value.personId} onChange={set('personId')}>
            <option value="">{all}</option>
            {people.map((x) => (
              <option key={x.personId} value={x.personId}>
                {x.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('problems.state')}>
        {(p) => (
          <select {...p} value={value.state} onChange={set('state')}>
            <option value="">{all}</option>
            {PROBLEM_STATES.map((s) => (
              <option key={s} value={s}>
                {l('problemState', s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('ledger.overdue')}>
        {(p) => (
          <select {...p} value={value.overdue} onChange={set('overdue')}>
            <option value="">{all}</option>
            <option value="yes">{t('ledger.overdueYes')}</option>
            <option value="no">{t('ledger.overdueNo')}</option>
          </select>
        )}
      </Field>
      <Field label={t('ledger.recurrence')}>
        {(p) => (
          <select {...p} value={value.recurrence} onChange={set('recurrence')}>
            <option value="">{all}</option>
            <option value="yes">{t('ledger.recurrenceYes')}</option>
            <option value="no">{t('ledger.recurrenceNo')}</option>
          </select>
        )}
      </Field>
      {children}
    </div>
  );
}

// ── raising a problem (登记问题) ─────────────────────────────────────────────────────────────────────

/** The sources this user may raise, in the matrix's order. */
export function useRaiseSources(): RaiseSource[] {
  const { can } = useSession();
  return RAISE_SOURCES.filter((s) => can('problems.raise') && can(RAISE_ACTION[s]));
}

export function RaiseProblemDialog({
  lookups,
  onClose,
  onRaised,
  initial,
}: {
  lookups: Lookups;
  onClose: () => void;
  onRaised: (p: RaisedProblem) => void;
  initial?: { source?: RaiseSource; aspectId?: string; description?: string };
}) {
  const { t, l } = useI18n();
  const { api } = useSession();
  const sources = useRaiseSources();
  const [form, setForm] = useState({
    source:
      initial?.source && sources.includes(initial.source)
        ? initial.source
        : (sources[0] ?? ('self' as RaiseSource)),
    aspectId: initial?.aspectId ?? '',
    unitId: '',
    personId: '',
    description: initial?.description ?? '',
    severity: 'medium' as Severity,
  });
  const [causes, setCauses] = useState<string[]>([]);
  const [directions, setDirections] = useState<string[]>([]);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value, ...(k === 'unitId' ? { personId: '' } : {}) }));
  const self = form.source === 'self';
  const people = form.unitId ? lookups.people.filter((p) => p.unitId === form.unitId) : lookups.people;

  const { busy, error, submit } = useSubmit(async () => {
    const raised = await api.post<RaisedProblem>('/problems', {
      source: form.source,
      aspectId: form.aspectId,
      ...(!self && form.unitId ? { unitId: form.unitId } : {}),
      ...(!self && form.personId ? { personId: form.personId } : {}),
      description: form.description.trim(),
      causes: causes.map((c) => c.trim()).filter(Boolean),
      directions: directions.map((c) => c.trim()).filter(Boolean),
      severity: form.severity,
    });
    onRaised(raised);
  });

  return (
    <DialogForm
      title={t('raise.title')}
      wide
      onClose={onClose}
      onSubmit={submit}
      error={error}
      banner={
        // The line lists show their own issues (`causes.0`…), beside each line.
        <ErrorBanner
          error={error}
          claimed={[
            'causes',
            'directions',
            ...causes.map((_c, i) => `causes.${i}`),
            ...directions.map((_d, i) => `directions.${i}`),
          ]}
        />
      }
      busy={busy}
      label={t('raise.submit')}
      disabled={!sources.length}
    >
      <div className="form-grid">
        <Field label={t('problems.source')} name="source" required>
          {(p) => (
            <select {...p} value={form.source} onChange={set('source')}>
              {sources.map((s) => (
                <option key={s} value={s}>
                  {l('source', s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('problems.aspect')} name="aspectId" required>
          {(p) => (
            <select {...p} value={form.aspectId} onChange={set('aspectId')}>
              <option value="" disabled>
                {t('raise.pickAspect')}
              </option>
              {lookups.aspects.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('raise.severity')} name="severity">
          {(p) => (
            <select {...p} value={form.severity} onChange={set('severity')}>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {l('severity', s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {self ? (
          <div className="field field-wide">
            <span className="field-label">{t('raise.subject')}</span>
            {lookups.me ? (
              <p>
                {t('raise.selfSubject', {
                  name: lookups.me.name,
                  unit: lookups.unitName(lookups.me.unitId),
                })}
              </p>
            ) : (
              <p className="field-error">{t('raise.noPerson')}</p>
            )}
          </div>
        ) : (
          <>
            <Field
              label={t('problems.unit')}
              name="unitId"
              hint={t('raise.subjectHint')}
              optional={form.source !== 'superior'}
            >
              {(p) => (
                <select {...p} value={form.unitId} onChange={set('unitId')}>
                  <option value="">{t('raise.pickUnit')}</option>
                  <UnitOptions units={lookups.units} />
                </select>
              )}
            </Field>
            <Field label={t('problems.person')} name="personId" optional={form.source !== 'peer'}>
              {(p) => (
                <select {...p} value={form.personId} onChange={set('personId')}>
                  <option value="">{t('raise.pickPerson')}</option>
                  {people.map((x) => (
                    <option key={x.personId} value={x.personId}>
                      {x.name}（{lookups.unitName(x.unitId)}）
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
        <Field label={t('problems.description')} name="description" required className="field-wide">
          {(p) => (
            <textarea
              {...p}
              rows={4}
              maxLength={2000}
              value={form.description}
              onChange={set('description')}
            />
          )}
        </Field>
        <div className="field-wide">
          <LineList
            legend={t('raise.causes')}
            itemLabel={t('raise.cause')}
            addLabel={t('raise.addCause')}
            lines={causes}
            onChange={setCauses}
            field="causes"
            error={error}
          />
        </div>
        <div className="field-wide">
          <LineList
            legend={t('raise.directions')}
            itemLabel={t('raise.direction')}
            addLabel={t('raise.addDirection')}
            lines={directions}
            onChange={setDirections}
            field="directions"
            error={error}
          />
        </div>
      </div>
    </DialogForm>
  );
}
