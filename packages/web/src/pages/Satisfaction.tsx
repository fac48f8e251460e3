import { useMemo } from 'react';
import { BarChart, type BarOption } from '../components/BarChart';
import { type Column, ErrorBanner, Loading, PageHeader, Section, Table } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import { type Figures, QUESTION_IDS, type QuestionId, RATINGS, type UnitFigures } from '../types';

/**
 * Best to worst, green to red, each dark enough for the white count on it (≥ 4.5:1); the decal patterns
 * (BarChart) carry the same difference without colour.
 */
const LEVEL_COLOURS = ['#14632f', '#2f7d46', '#8a6a00', '#b5541a', '#9f1d20'];

/** 满意度: the township's figures (assessment's read model, by events), as charts and as tables. */
export function SatisfactionPage() {
  const { t, l, formatNumber, formatTime } = useI18n();
  const { api } = useSession();
  const figures = useLoad(() => api.get<Figures>('/feedback/figures'), []);
  const data = figures.data;
  const pct = (n: number | null) => (n === null ? t('satisfaction.noData') : `${n.toFixed(1)}%`);

  const byQuestion = useMemo<BarOption | undefined>(() => {
    if (!data) return undefined;
    const qs = [...QUESTION_IDS].reverse();
    // On a phone the five levels' legend takes two or three lines: the bars start below it, not under it.
    const narrow = window.matchMedia('(max-width: 480px)').matches;
    return {
      legend: { top: 0, ...(narrow ? { itemGap: 8, textStyle: { fontSize: 11 } } : {}) },
      grid: { left: 8, right: 24, top: narrow ? 76 : 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: qs.map((q) => t(`questionShort.${q}`)) },
      series: RATINGS.map((r, i) => ({
        type: 'bar',
        name: l('rating', r),
        stack: 'levels',
        color: LEVEL_COLOURS[i],
        barMaxWidth: 28,
        label: {
          show: true,
          color: '#fff',
          formatter: (p: { value: unknown }) => (p.value ? String(p.value) : ''),
        },
        data: qs.map((q) => data.township.questions[q].counts[r]),
      })),
    };
  }, [data, t, l]);

  const units = useMemo(
    () => (data?.units ?? []).slice().sort((a, b) => (b.index ?? -1) - (a.index ?? -1)),
    [data],
  );
  const byUnit = useMemo<BarOption | undefined>(() => {
    const rated = units.filter((u) => u.index !== null);
    if (!rated.length) return undefined;
    const rows = rated.slice().reverse();
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((u) => u.unitName || u.unitId) },
      series: [
        {
          type: 'bar',
          name: t('satisfaction.index'),
          barMaxWidth: 22,
          color: '#1d4f91',
          label: { show: true, position: 'right', formatter: '{c}%' },
          data: rows.map((u) => u.index),
        },
      ],
    };
  }, [units, t]);

  const questionColumns: Column<QuestionId>[] = [
    { key: 'q', header: t('satisfaction.question'), cell: (q) => t(`question.${q}`) },
    ...RATINGS.map((r) => ({
      key: r,
      header: l('rating', r),
      className: 'num',
      cell: (q: QuestionId) => formatNumber(data?.township.questions[q].counts[r] ?? 0),
    })),
    {
      key: 'answers',
      header: t('satisfaction.answers'),
      className: 'num',
      cell: (q) => formatNumber(data?.township.questions[q].answers ?? 0),
    },
    {
      key: 'index',
      header: t('satisfaction.index'),
      className: 'num',
      cell: (q) => pct(data?.township.questions[q].index ?? null),
    },
  ];
  const unitColumns: Column<UnitFigures>[] = [
    {
      key: 'unit',
      header: t('feedback.unit'),
      cell: (u) => u.unitName || <span className="mono">{u.unitId}</span>,
    },
    {
      key: 'feedbacks',
      header: t('satisfaction.feedbacks'),
      className: 'num',
      cell: (u) => formatNumber(u.feedbacks),
    },
    ...QUESTION_IDS.map((q) => ({
      key: q,
      header: t(`questionShort.${q}`),
      className: 'num',
      cell: (u: UnitFigures) => pct(u.questions[q].index),
    })),
    {
      key: 'index',
      header: t('satisfaction.index'),
      className: 'num',
      cell: (u) => <strong>{pct(u.index)}</strong>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('satisfaction.title')}
        intro={t('satisfaction.intro')}
        actions={
          <button type="button" className="btn" onClick={figures.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <ErrorBanner error={figures.error} />
      {figures.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <div className="stat-row">
            <div className="stat">
              <span className="stat-value">{pct(data.township.index)}</span>
              <span className="stat-label">{t('satisfaction.index')}</span>
            </div>
            <div className="stat">
              <span className="stat-value">{formatNumber(data.township.feedbacks)}</span>
              <span className="stat-label">{t('satisfaction.feedbacks')}</span>
            </div>
            {QUESTION_IDS.map((q) => (
              <div className="stat" key={q}>
                <span className="stat-value">{pct(data.township.questions[q].index)}</span>
                <span className="stat-label">{t(`question.${q}`)}</span>
              </div>
            ))}
          </div>
          <p className="hint">
            {t('satisfaction.formula')}
            {data.township.updatedAt
              ? ` ${t('satisfaction.updatedAt', { time: formatTime(data.township.updatedAt) })}`
              : ''}
          </p>
          <Section title={t('satisfaction.byQuestion')}>
            {byQuestion ? (
              <BarChart option={byQuestion} label={t('satisfaction.byQuestionChart')} height={220} />
            ) : null}
            <Table
              caption={t('satisfaction.questionCaption')}
              columns={questionColumns}
              rows={QUESTION_IDS}
              rowKey={(q) => q}
            />
          </Section>
          <Section title={t('satisfaction.byUnit')}>
            {byUnit ? (
              <BarChart
                option={byUnit}
                label={t('satisfaction.byUnitChart')}
                height={Math.max(160, 36 * units.filter((u) => u.index !== null).length + 40)}
              />
            ) : null}
            <Table
              caption={t('satisfaction.unitCaption')}
              columns={unitColumns}
              rows={units}
              rowKey={(u) => u.unitId}
              empty={t('satisfaction.noData')}
            />
          </Section>
        </>
      ) : null}
    </>
  );
}

export default SatisfactionPage;
