import { useMemo, useState } from 'react';
import { Badge, type Column, ErrorBanner, Loading, PageHeader, Table } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import { byId, loadUnits } from '../data';
import type { Problem, ProblemsPage as ProblemsPageT } from '../types';

const PAGE = 50;

const STATE_TONE: Record<Problem['state'], 'ok' | 'warn' | 'muted' | 'info' | 'bad'> = {
  reported: 'warn',
  accepted: 'info',
  rectifying: 'info',
  submitted: 'info',
  closed: 'ok',
  rejected: 'bad',
  reopened: 'bad',
};

/** 问题清单 (read-only for now): every channel's problems, newest first. */
export function ProblemsPage() {
  const { t, l, formatTime } = useI18n();
  const { api } = useSession();
  const units = useLoad(() => loadUnits(api), []);
  const unitsById = useMemo(() => byId(units.data, 'unitId'), [units.data]);
  const list = useLoad(() => api.get<ProblemsPageT>('/problems', { limit: PAGE }), []);
  const [more, setMore] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const [open, setOpen] = useState<string>();

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true });
    try {
      const next = await api.get<ProblemsPageT>('/problems', { limit: PAGE, cursor });
      list.set((prev) => ({ items: [...(prev?.items ?? []), ...next.items], nextCursor: next.nextCursor }));
      setMore({ busy: false });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const columns: Column<Problem>[] = [
    {
      key: 'title',
      header: t('problems.problemTitle'),
      cell: (r) => (
        <div className="problem-cell">
          <button
            type="button"
            className="link-button"
            aria-expanded={open === r.problemId}
            aria-label={t('problems.showDetail', { title: r.title })}
            onClick={() => setOpen((o) => (o === r.problemId ? undefined : r.problemId))}
          >
            {r.title}
          </button>
          {open === r.problemId ? <p className="problem-desc">{r.description}</p> : null}
        </div>
      ),
    },
    { key: 'source', header: t('problems.source'), cell: (r) => l('source', r.source) },
    {
      key: 'state',
      header: t('problems.state'),
      cell: (r) => <Badge tone={STATE_TONE[r.state] ?? 'muted'}>{l('problemState', r.state)}</Badge>,
    },
    { key: 'unit', header: t('problems.unit'), cell: (r) => unitsById.get(r.unitId)?.name ?? r.unitId },
    {
      key: 'at',
      className: 'nowrap',
      header: t('problems.reportedAt'),
      cell: (r) => formatTime(r.reportedAt),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('problems.title')}
        intro={t('problems.intro')}
        actions={
          <button type="button" className="btn" onClick={list.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <Table
            caption={t('problems.caption')}
            columns={columns}
            rows={list.data.items}
            rowKey={(r) => r.problemId}
          />
          <ErrorBanner error={more.error} />
          {list.data.nextCursor ? (
            <div className="pager">
              <button type="button" className="btn" onClick={loadMore} disabled={more.busy}>
                {more.busy ? t('app.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </>
  );
}
