import { type FormEvent, useEffect, useState } from 'react';
import { ErrorBanner, Field, Flash, fieldError, Loading, PageHeader, Section } from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
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

interface Draft {
  campaignYear: string;
  aspects: { id: string; name: string }[];
  deadlines: Record<Deadline, string>;
}

const toDraft = (s: Settings): Draft => ({
  campaignYear: String(s.campaignYear),
  aspects: s.aspects.map((a) => ({ ...a })),
  deadlines: Object.fromEntries(DEADLINES.map((d) => [d.key, String(s.deadlines[d.key])])) as Record<
    Deadline,
    string
  >,
});

/** Numbers stay as typed until sent: an empty or odd entry reaches the server, which names the field. */
const num = (s: string): number | string => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** A new aspect's id: stable, unique, and of the shape the contract wants. */
function newAspectId(taken: readonly string[]): string {
  for (let i = taken.length + 1; ; i++) {
    const id = `aspect-${i}`;
    if (!taken.includes(id)) return id;
  }
}

/** 活动设置: campaign year, the aspects (四问 by default) and the deadline defaults; optimistic by version. */
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
  ];
  const setAspects = (f: (a: Draft['aspects']) => Draft['aspects']) =>
    setDraft((d) => (d ? { ...d, aspects: f(d.aspects) } : d));
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
                          onClick={() => move(i, -1)}
                        >
                          ↑
                        </button>
                        <button
                          type="button"
                          className="btn btn-small"
                          disabled={i === draft.aspects.length - 1}
                          aria-label={`${t('common.moveDown')} ${a.name}`}
                          onClick={() => move(i, 1)}
                        >
                          ↓
                        </button>
                        <button
                          type="button"
                          className="btn btn-small btn-danger-outline"
                          disabled={draft.aspects.length <= 1}
                          aria-label={`${t('common.remove')} ${a.name}`}
                          onClick={() => setAspects((as) => as.filter((_, j) => j !== i))}
                        >
                          {t('common.remove')}
                        </button>
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
                  onClick={() =>
                    setAspects((as) => [...as, { id: newAspectId(as.map((x) => x.id)), name: '' }])
                  }
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
