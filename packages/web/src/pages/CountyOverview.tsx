import { useMemo, useState } from 'react';
import { type Column, ErrorBanner, Loading, PageHeader, Table } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import type { MessageKey } from '../i18n';
import type { CountyOverview, TownshipCounters } from '../types';

type SortKey = 'townshipName' | 'problems' | 'publicProblems' | 'feedbacks' | 'satisfactionIndex';

/** 全县概览: one row per township, sortable, so the county office can compare (赛马). */
export function CountyOverviewPage() {
  const { t, formatNumber, formatTime, locale } = useI18n();
  const { api } = useSession();
  const { data, error, loading, reload } = useLoad(() => api.get<CountyOverview>('/county/overview'), []);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'townshipName', dir: 1 });

  const rows = useMemo(() => {
    const items = [...(data?.townships ?? [])];
    const collator = new Intl.Collator(locale === 'en' ? 'en' : 'zh-CN-u-co-pinyin');
    items.sort((a, b) => {
      if (sort.key === 'townshipName') return sort.dir * collator.compare(a.townshipName, b.townshipName);
      // Townships without a rating sort last whichever way.
      const av = a[sort.key];
      const bv = b[sort.key];
      if (av === null) return bv === null ? 0 : 1;
      if (bv === null) return -1;
      return sort.dir * (av - bv);
    });
    return items;
  }, [data, sort, locale]);

  const totals = useMemo(() => {
    const ts = data?.townships ?? [];
    return {
      problems: ts.reduce((s, x) => s + x.problems, 0),
      publicProblems: ts.reduce((s, x) => s + x.publicProblems, 0),
      feedbacks: ts.reduce((s, x) => s + x.feedbacks, 0),
    };
  }, [data]);

  const header = (key: SortKey, label: MessageKey) => {
    const active = sort.key === key;
    return {
      sort: active ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none',
      header: (
        <button
          type="button"
          className="sort-button"
          onClick={() =>
            setSort((s) => ({
              key,
              dir: s.key === key ? (s.dir === 1 ? -1 : 1) : key === 'townshipName' ? 1 : -1,
            }))
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

  const columns: Column<TownshipCounters>[] = [
    {
      key: 'name',
      ...header('townshipName', 'overview.township'),
      cell: (r) => <strong>{r.townshipName}</strong>,
    },
    {
      key: 'problems',
      className: 'num',
      ...header('problems', 'overview.problems'),
      cell: (r) => formatNumber(r.problems),
    },
    {
      key: 'public',
      className: 'num',
      ...header('publicProblems', 'overview.publicProblems'),
      cell: (r) => formatNumber(r.publicProblems),
    },
    {
      key: 'feedbacks',
      className: 'num',
      ...header('feedbacks', 'overview.feedbacks'),
      cell: (r) => formatNumber(r.feedbacks),
    },
    {
      key: 'satisfaction',
      ...header('satisfactionIndex', 'overview.satisfaction'),
      cell: (r) =>
        r.satisfactionIndex === null ? (
          <span className="muted">{t('overview.noRating')}</span>
        ) : (
          <span className="meter">
            <span className="meter-bar" aria-hidden="true">
              <span
                className={`meter-fill${r.satisfactionIndex < 60 ? ' low' : r.satisfactionIndex < 80 ? ' mid' : ''}`}
                style={{ width: `${Math.max(0, Math.min(100, r.satisfactionIndex))}%` }}
              />
            </span>
            <span className="meter-value">{r.satisfactionIndex.toFixed(1)}%</span>
          </span>
        ),
    },
    {
      key: 'updated',
      className: 'nowrap muted',
      header: t('overview.updatedAt'),
      cell: (r) => formatTime(r.updatedAt),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('overview.title')}
        intro={t('overview.intro')}
        actions={
          <button type="button" className="btn" onClick={reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <ErrorBanner error={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <div className="stat-row">
            <Stat label={t('overview.townshipCount')} value={formatNumber(data.townships.length)} />
            <Stat label={t('overview.problems')} value={formatNumber(totals.problems)} />
            <Stat label={t('overview.publicProblems')} value={formatNumber(totals.publicProblems)} />
            <Stat label={t('overview.feedbacks')} value={formatNumber(totals.feedbacks)} />
          </div>
          <Table caption={t('overview.caption')} columns={columns} rows={rows} rowKey={(r) => r.townshipId} />
          <p className="hint">{t('overview.satisfactionHint')}</p>
        </>
      ) : null}
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
