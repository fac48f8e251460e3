import { useMemo, useState } from 'react';
import { ProblemTable, RaiseProblemDialog, useLookups, useRaiseSources } from '../components/problems';
import { ErrorBanner, Loading, PageHeader } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import { isOverdue, loadProblems, type Sort, sortProblems } from '../problems';
import { Link, navigate } from '../router';
import { PROBLEM_STATES } from '../types';

const MAX_PAGES = 10;

/**
 * 我的问题: the problems whose subject is the signed-in cadre: the person linked to the account (`GET /people`,
 * `accountId === me.userId`), as the list route's `personId` filter, read to the end (up to 1,000 problems).
 */
export function MyProblemsPage() {
  const { t, l, formatNumber } = useI18n();
  const { api, can } = useSession();
  const lookups = useLookups();
  const personId = lookups.me?.personId;
  const list = useLoad(
    () =>
      personId
        ? loadProblems(api, { personId }, { limit: 100, maxPages: MAX_PAGES })
        : Promise.resolve({ items: [], nextCursor: undefined }),
    [personId],
  );
  const [sort, setSort] = useState<Sort>({ key: 'reportedAt', dir: -1 });
  const [raising, setRaising] = useState(false);
  const sources = useRaiseSources();
  // The server filtered by person already; the check stays in case a page answers from an older service.
  const mine = useMemo(
    () => (personId ? (list.data?.items ?? []).filter((p) => p.personId === personId) : []),
    [list.data, personId],
  );
  const rows = useMemo(() => sortProblems(mine, sort), [mine, sort]);
  const counts = useMemo(() => {
    const open = mine.filter((p) => p.state !== 'closed').length;
    const overdue = mine.filter((p) => isOverdue(p)).length;
    return { open, closed: mine.length - open, overdue };
  }, [mine]);

  const linked = !lookups.loading && lookups.me;
  return (
    <>
      <PageHeader
        title={t('mine.title')}
        intro={t('mine.intro')}
        actions={
          <>
            {can('problems.raise.self') ? (
              <Link to="/self-check" className="btn">
                {t('nav.selfCheck')}
              </Link>
            ) : null}
            {sources.length && linked ? (
              <button type="button" className="btn btn-primary" onClick={() => setRaising(true)}>
                {t('raise.open')}
              </button>
            ) : null}
          </>
        }
      />
      <ErrorBanner error={list.error ?? lookups.error} />
      {!lookups.loading && !lookups.error && !lookups.me ? (
        <div className="alert alert-info">{t('mine.noPerson')}</div>
      ) : null}
      {(list.loading && !list.data) || lookups.loading ? <Loading /> : null}
      {list.data && linked ? (
        <>
          <div className="stat-row">
            <Stat label={t('mine.open')} value={formatNumber(counts.open)} />
            <Stat label={l('problemState', 'closed')} value={formatNumber(counts.closed)} />
            <Stat label={t('ledger.overdue')} value={formatNumber(counts.overdue)} />
            {PROBLEM_STATES.filter((s) => s === 'rejected' || s === 'submitted').map((s) => (
              <Stat
                key={s}
                label={l('problemState', s)}
                value={formatNumber(mine.filter((p) => p.state === s).length)}
              />
            ))}
          </div>
          <ProblemTable
            caption={t('mine.caption')}
            rows={rows}
            lookups={lookups}
            sort={sort}
            onSort={setSort}
            empty={t('mine.none')}
          />
          {list.data.nextCursor ? <p className="hint">{t('mine.truncated')}</p> : null}
        </>
      ) : null}
      {raising ? (
        <RaiseProblemDialog
          lookups={lookups}
          initial={{ source: 'self' }}
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

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <span className="stat-value">{value}</span>
      <span className="stat-label">{label}</span>
    </div>
  );
}
