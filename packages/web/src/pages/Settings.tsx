import { type FormEvent, useEffect, useState } from 'react';
import { ErrorBanner, Field, Flash, fieldError, Loading, PageHeader, Section } from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { todayInChina } from '../problems';
import type { Settings } from '../types';

type Deadline = keyof Settings['deadlines'];
const DEADLINES: {
  key: Deadline;
  label: 'settings.rectify' | 'settings.warn' | 'settings.supervise' | 'settings.followUp';
  min: number;
  max: number;
}[] = [
  { key: 'rectifyWorkingDays', label: 'settings.rectify', min: 1, max: 120 },
  { key: 'warnBeforeWorkingDays', label: 'settings.warn', min: 0, max: 30 },
  { key: 'superviseAfterWorkingDays', label: 'settings.supervise', min: 1, max: 60 },
  { key: 'followUpWindowDays', label: 'settings.followUp', min: 1, max: 60 },
];
const MAX_ASPECTS = 12;
/** As many days as the API keeps (Settings.calendarOverrides). */
const MAX_OVERRIDES = 100;

/** One day of the township's own calendar, as edited: `key` keeps React's rows apart while dates are typed. */
interface DayDraft {
  key: number;
  date: string;
  working: 'work' | 'off';
  note: string;
}

interface Draft {
  campaignYear: string;
  aspects: { id: string; name: string }[];
  deadlines: Record<Deadline, string>;
  days: DayDraft[];
}

let dayKeys = 0;
const toDraft = (s: Settings): Draft => ({
  campaignYear: String(s.campaignYear),
  aspects: s.aspects.map((a) => ({ ...a })),
  deadlines: Object.fromEntries(DEADLINES.map((d) => [d.key, String(s.deadlines[d.key])])) as Record<
    Deadline,
    string
  >,
  days: [...s.calendarOverrides]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((o) => ({ key: ++dayKeys, date: o.date, working: o.working ? 'work' : 'off', note: o.note ?? '' })),
});

/**
 * The first year deadlines may reach that the built-in national schedule does not know: the campaign year or
 * this year, or next year from November on (the State Council publishes the next year's schedule then).
 */
function uncoveredYear(s: Settings, today = todayInChina()): number | undefined {
  const year = Number(today.slice(0, 4));
  const reach = Math.max(s.campaignYear, Number(today.slice(5, 7)) >= 11 ? year + 1 : year);
  return reach > s.nationalCalendarThrough ? s.nationalCalendarThrough + 1 : undefined;
}

/** Numbers stay as typed until sent: an empty or odd entry reaches the server, which names the field. */
const num = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** A new aspect's id: stable, unique, and of the shape the contract wants. */
function newAspectId(taken: readonly string[]): string {
  for (let i = taken.length + 1; ; i++) {
    const id = `aspect-${i}`;
    if (!taken.includes(id)) return id;
  }
}

/** 删除 for one row of a list, named by what it removes. */
function RemoveButton({
  what,
  disabled,
  onClick,
}: {
  what: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  const { t } = useI18n();
  return (
    <button
      type="button"
      className="btn btn-small btn-danger-outline"
      disabled={disabled}
      aria-label={`${t('common.remove')} ${what}`}
      onClick={onClick}
    >
      {t('common.remove')}
    </button>
  );
}

/**
 * 活动设置: campaign year, the aspects (四问 by default), the deadline defaults and the township's own working-day
 * changes (调整), with a warning when deadlines reach a year whose national holidays the platform does not know
 * yet; optimistic by version. Every field the API stores is sent back, so saving never drops one.
 */
export function SettingsPage() {
  const { t, formatTime } = useI18n();
  const { api, can } = useSession();
  const canWrite = can('settings.write');
  const loaded = useLoad(() => api.get<Settings>('/settings'), []);
  const [draft, setDraft] = useState<Draft>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [flash, setFlash] = useFlash();
  useEffect(() => {
    if (loaded.data) setDraft(toDraft(loaded.data));
  }, [loaded.data]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft || !loaded.data) return;
    setBusy(true);
    setError(undefined);
    setFlash(undefined);
    try {
      const saved = await api.put<Settings>('/settings', {
        campaignYear: num(draft.campaignYear),
        aspects: draft.aspects.map((a) => ({ id: a.id, name: a.name.trim() })),
        deadlines: Object.fromEntries(DEADLINES.map((d) => [d.key, num(draft.deadlines[d.key])])),
        calendarOverrides: draft.days.map((d) => ({
          date: d.date,
          working: d.working === 'work',
          ...(d.note.trim() ? { note: d.note.trim() } : {}),
        })),
        version: loaded.data.version,
      });
      loaded.set(() => saved);
      setFlash(t('settings.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const claimed = [
    'campaignYear',
    'aspects',
    ...(draft?.aspects ?? []).flatMap((_, i) => [`aspects.${i}.name`, `aspects.${i}`]),
    ...DEADLINES.map((d) => `deadlines.${d.key}`),
    'calendarOverrides',
    ...(draft?.days ?? []).flatMap((_, i) => [
      `calendarOverrides.${i}.date`,
      `calendarOverrides.${i}.note`,
      `calendarOverrides.${i}`,
    ]),
  ];
  const setDays = (f: (d: DayDraft[]) => DayDraft[]) => setDraft((d) => (d ? { ...d, days: f(d.days) } : d));
  const setDay = (i: number, patch: Partial<DayDraft>) =>
    setDays((ds) => ds.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const missingYear = loaded.data ? uncoveredYear(loaded.data) : undefined;
  const setAspects = (f: (a: Draft['aspects']) => Draft['aspects']) =>
    setDraft((d) => (d ? { ...d, aspects: f(d.aspects) } : d));
  /**
   * Adding, removing or moving a row moves the rows after it: a refusal of the last save, which names rows by
   * position, would point at the wrong one. It goes; the next save says again what is still wrong.
   */
  const reshaping = (change: () => void) => () => {
    setError(undefined);
    change();
  };
  const move = (i: number, by: -1 | 1) =>
    setAspects((as) => {
      const next = [...as];
      const [x] = next.splice(i, 1);
      if (x) next.splice(i + by, 0, x);
      return next;
    });

  return (
    <>
      <PageHeader
        title={t('settings.title')}
        intro={t('settings.intro')}
        actions={
          loaded.data ? (
            <span className="muted">
              {t('settings.version', { version: loaded.data.version })}
              {loaded.data.updatedAt ? ` · ${formatTime(loaded.data.updatedAt)}` : ''}
            </span>
          ) : undefined
        }
      />
      <Flash message={flash} />
      <ErrorBanner error={loaded.error} />
      {loaded.loading && !loaded.data ? <Loading /> : null}
      {!canWrite && loaded.data ? <div className="alert alert-info">{t('settings.readOnly')}</div> : null}
      {missingYear && loaded.data ? (
        <div className="alert alert-warn" role="status">
          <p className="alert-title">{t('settings.calendarMissingTitle', { year: missingYear })}</p>
          <p>
            {t('settings.calendarMissing', {
              through: loaded.data.nationalCalendarThrough,
              year: missingYear,
            })}
            {canWrite ? t('settings.calendarMissingTodo') : null}
          </p>
        </div>
      ) : null}
      {draft ? (
        <form className="form" onSubmit={submit} noValidate>
          <ErrorBanner
            error={error}
            claimed={claimed}
            onReload={() => {
              setError(undefined);
              loaded.reload();
            }}
          />
          <fieldset disabled={!canWrite || busy} className="plain-fieldset">
            <Section title={t('settings.general')}>
              <Field label={t('settings.year')} error={fieldError(error, 'campaignYear')} required>
                {(p) => (
                  <input
                    {...p}
                    type="number"
                    inputMode="numeric"
                    min={2020}
                    max={2100}
                    className="input-short"
                    value={draft.campaignYear}
                    onChange={(e) => setDraft({ ...draft, campaignYear: e.target.value })}
                  />
                )}
              </Field>
            </Section>
            <Section title={t('settings.aspects')}>
              <p className="hint">{t('settings.aspectsHint')}</p>
              {fieldError(error, 'aspects') ? (
                <p className="field-error">{fieldError(error, 'aspects')}</p>
              ) : null}
              <ol className="aspect-list">
                {draft.aspects.map((a, i) => (
                  <li key={a.id} className="aspect-row">
                    <Field
                      label={t('settings.aspectName', { n: i + 1 })}
                      error={fieldError(error, `aspects.${i}.name`) ?? fieldError(error, `aspects.${i}`)}
                      required
                    >
                      {(p) => (
                        <input
                          {...p}
                          value={a.name}
                          maxLength={60}
                          onChange={(e) =>
                            setAspects((as) =>
                              as.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                            )
                          }
                        />
                      )}
                    </Field>
                    {canWrite ? (
                      <span className="btn-row aspect-buttons">
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={i === 0}
                          aria-label={`${t('common.moveUp')} ${a.name}`}
                          onClick={reshaping(() => move(i, -1))}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={i === draft.aspects.length - 1}
                          aria-label={`${t('common.moveDown')} ${a.name}`}
                          onClick={reshaping(() => move(i, 1))}
                        >
                          ↓
                        </button>
                        <RemoveButton
                          what={a.name}
                          disabled={draft.aspects.length <= 1}
                          onClick={reshaping(() => setAspects((as) => as.filter((_, j) => j !== i)))}
                        />
                      </span>
                    ) : null}
                  </li>
                ))}
              </ol>
              {canWrite ? (
                <button
                  type="button"
                  className="btn"
                  disabled={draft.aspects.length >= MAX_ASPECTS}
                  onClick={reshaping(() =>
                    setAspects((as) => [...as, { id: newAspectId(as.map((x) => x.id)), name: '' }]),
                  )}
                >
                  {t('settings.addAspect')}
                </button>
              ) : null}
            </Section>
            <Section title={t('settings.deadlines')}>
              <div className="form-grid">
                {DEADLINES.map((d) => (
                  <Field
                    key={d.key}
                    label={t(d.label)}
                    hint={d.key === 'followUpWindowDays' ? t('settings.followUpHint') : undefined}
                    error={fieldError(error, `deadlines.${d.key}`)}
                    required
                  >
                    {(p) => (
                      <input
                        {...p}
                        type="number"
                        inputMode="numeric"
                        min={d.min}
                        max={d.max}
                        className="input-short"
                        value={draft.deadlines[d.key]}
                        onChange={(e) =>
                          setDraft({ ...draft, deadlines: { ...draft.deadlines, [d.key]: e.target.value } })
                        }
                      />
                    )}
                  </Field>
                ))}
              </div>
            </Section>
            <Section title={t('settings.calendar')}>
              <p className="hint">{t('settings.calendarHint')}</p>
              {fieldError(error, 'calendarOverrides') ? (
                <p className="field-error">{fieldError(error, 'calendarOverrides')}</p>
              ) : null}
              {draft.days.length ? (
                <ol className="aspect-list">
                  {draft.days.map((d, i) => (
                    <li key={d.key} className="aspect-row calendar-row">
                      <Field
                        label={t('settings.calendarDate', { n: i + 1 })}
                        error={
                          fieldError(error, `calendarOverrides.${i}.date`) ??
                          fieldError(error, `calendarOverrides.${i}`)
                        }
                        required
                      >
                        {(p) => (
                          <input
                            {...p}
                            type="date"
                            className="input-short"
                            value={d.date}
                            onChange={(e) => setDay(i, { date: e.target.value })}
                          />
                        )}
                      </Field>
                      <Field label={t('settings.calendarKind', { n: i + 1 })}>
                        {(p) => (
                          <select
                            {...p}
                            value={d.working}
                            onChange={(e) => setDay(i, { working: e.target.value as DayDraft['working'] })}
                          >
                            <option value="off">{t('settings.calendarOff')}</option>
                            <option value="work">{t('settings.calendarWork')}</option>
                          </select>
                        )}
                      </Field>
                      <Field
                        label={t('settings.calendarNote', { n: i + 1 })}
                        error={fieldError(error, `calendarOverrides.${i}.note`)}
                        optional
                      >
                        {(p) => (
                          <input
                            {...p}
                            maxLength={100}
                            value={d.note}
                            onChange={(e) => setDay(i, { note: e.target.value })}
                          />
                        )}
                      </Field>
                      {canWrite ? (
                        <span className="btn-row aspect-buttons">
                          <RemoveButton
                            what={`${t('settings.calendarItem', { n: i + 1 })} ${d.date}`.trim()}
                            onClick={reshaping(() => setDays((ds) => ds.filter((_, j) => j !== i)))}
                          />
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="muted">{t('settings.calendarNone')}</p>
              )}
              {canWrite ? (
                <button
                  type="button"
                  className="btn"
                  disabled={draft.days.length >= MAX_OVERRIDES}
                  onClick={reshaping(() =>
                    setDays((ds) => [...ds, { key: ++dayKeys, date: '', working: 'off', note: '' }]),
                  )}
                >
                  {t('settings.calendarAdd')}
                </button>
              ) : null}
            </Section>
          </fieldset>
          {canWrite ? (
            <div className="form-actions sticky-actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t('common.saving') : t('common.save')}
              </button>
            </div>
          ) : null}
        </form>
      ) : null}
    </>
  );
}
