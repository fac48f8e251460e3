import { useEffect, useMemo, useState } from 'react';
import {
  FilterBar,
  ProblemTable,
  RaiseProblemDialog,
  useLookups,
  useRaiseSources,
} from '../components/problems';
import { ErrorBanner, Loading, PageHeader } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import { downloadFile } from '../download';
import {
  countLineKey,
  loadProblems,
  NO_FILTERS,
  type ProblemFilters,
  type Sort,
  sortProblems,
  toQuery,
} from '../problems';
import { navigate } from '../router';
import type { ExportQuery } from '../types';

/** Rows the table aims for per load; the server filters within the pages it reads, so it may take several. */
const WANT = 50;
const FILTER_KEY = 'zf.problemFilters';

function savedFilters(): ProblemFilters {
  try {
    const raw = sessionStorage.getItem(FILTER_KEY);
    return raw ? { ...NO_FILTERS, ...(JSON.parse(raw) as Partial<ProblemFilters>) } : NO_FILTERS;
  } catch {
    return NO_FILTERS;
  }
}

/**
 * 问题清单 · 整改台账: every channel's problems, newest first. The filters are the list route's own query
 * (services/intake/src/contract.ts); the sorting by date or state orders the rows loaded so far, and "load
 * more" reads on from the cursor.
 */
export function ProblemsPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const lookups = useLookups();
  const [filters, setFilters] = useState<ProblemFilters>(savedFilters);
  const [sort, setSort] = useState<Sort>({ key: 'reportedAt', dir: -1 });
  const [raising, setRaising] = useState(false);
  const sources = useRaiseSources();
  useEffect(() => {
    try {
      sessionStorage.setItem(FILTER_KEY, JSON.stringify(filters));
    } catch {
      // Storage off: the filters last as long as the page.
    }
  }, [filters]);

  const query = useMemo(() => toQuery(filters), [filters]);
  const list = useLoad(() => loadProblems(api, query, { want: WANT, limit: WANT }), [query]);
  const [more, setMore] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const rows = useMemo(() => sortProblems(list.data?.items ?? [], sort), [list.data, sort]);
  const active = Object.values(filters).some(Boolean);

  const loadMore = async () => {
    const cursor = list.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true });
    try {
      const next = await loadProblems(api, query, { cursor, want: WANT, limit: WANT });
      list.set((prev) => ({ items: [...(prev?.items ?? []), ...next.items], nextCursor: next.nextCursor }));
      setMore({ busy: false });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  // The export follows the narrowest subject filter: one person's 问题清单, one unit's, or the whole 台账.
  const exportQuery: ExportQuery = filters.personId
    ? { scope: 'person', id: filters.personId }
    : filters.unitId
      ? { scope: 'unit', id: filters.unitId }
      : { scope: 'ledger' };
  const [exporting, setExporting] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const exportXlsx = async () => {
    setExporting({ busy: true });
    try {
      const q = new URLSearchParams({
        scope: exportQuery.scope ?? 'ledger',
        ...(exportQuery.id ? { id: exportQuery.id } : {}),
      });
      await downloadFile(api, `/exports/ledger.xlsx?${q}`, t('ledger.exportName'));
      setExporting({ busy: false });
    } catch (error) {
      setExporting({ busy: false, error });
    }
  };

  return (
    <>
      <PageHeader
        title={t('problems.title')}
        intro={t('problems.intro')}
        actions={
          <>
            <button type="button" className="btn" onClick={list.reload}>
              {t('common.refresh')}
            </button>
            <button type="button" className="btn" onClick={exportXlsx} disabled={exporting.busy}>
              {exporting.busy
                ? t('ledger.exporting')
                : t(
                    exportQuery.scope === 'person'
                      ? 'ledger.exportPerson'
                      : exportQuery.scope === 'unit'
                        ? 'ledger.exportUnit'
                        : 'ledger.export',
                  )}
            </button>
            {sources.length ? (
              <button type="button" className="btn btn-primary" onClick={() => setRaising(true)}>
                {t('raise.open')}
              </button>
            ) : null}
          </>
        }
      />
      <FilterBar value={filters} onChange={setFilters} lookups={lookups}>
        {active ? (
          <button type="button" className="btn btn-ghost" onClick={() => setFilters(NO_FILTERS)}>
            {t('ledger.clearFilters')}
          </button>
        ) : null}
      </FilterBar>
      <ErrorBanner error={exporting.error} />
      <ErrorBanner error={list.error ?? lookups.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <>
          <p className="muted table-note" role="status">
            {list.loading
              ? t('app.loading')
              : t(countLineKey(active, !!list.data.nextCursor), { n: rows.length })}
            {list.data.nextCursor ? ` ${t('ledger.hasMore')}` : ''}
          </p>
          <ProblemTable
            caption={t('problems.caption')}
            rows={rows}
            lookups={lookups}
            sort={sort}
            onSort={setSort}
            empty={active ? t('ledger.noMatch') : t('ledger.none')}
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
      {raising ? (
        <RaiseProblemDialog
          lookups={lookups}
          onClose={() => setRaising(false)}
          onRaised={(p) => {
            setRaising(false);
            navigate(`/problems/${encodeURIComponent(p.problemId)}?raised=1`);
          }}
        />
      ) : null}
    </>
  );
}
