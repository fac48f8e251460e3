import { type ReactNode, useId, useMemo, useState } from 'react';
import { useLookups } from '../components/problems';
import { ErrorBanner, Field, Loading, PageHeader, UnitOptions } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import { loadProblems } from '../problems';
import { Link } from '../router';
import { PROBLEM_STATES, type Problem, type ProblemState } from '../types';

const MAX_PAGES = 5;

/** 看板: the township's problems in one column per state, with counts; a card opens the problem. */
export function BoardPage() {
  const { t, l, formatTime, formatNumber } = useI18n();
  const { api } = useSession();
  const lookups = useLookups();
  const [unitId, setUnitId] = useState('');
  const list = useLoad(
    () => loadProblems(api, unitId ? { unitId } : {}, { limit: 100, maxPages: MAX_PAGES }),
    [unitId],
  );
  const columns = useMemo(() => {
    const by = new Map<ProblemState, Problem[]>(PROBLEM_STATES.map((s) => [s, []]));
    for (const p of list.data?.items ?? []) by.get(p.state)?.push(p);
    return by;
  }, [list.data]);

  return (
    <>
      <PageHeader
        title={t('board.title')}
        intro={t('board.intro')}
        actions={
          <button type="button" className="btn" onClick={list.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <div className="toolbar">
        <Field label={t('people.filterUnit')} className="field-inline">
          {(p) => (
            <select {...p} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
              <option value="">{t('people.allUnits')}</option>
              <UnitOptions units={lookups.units} />
            </select>
          )}
        </Field>
        {list.data?.nextCursor ? (
          <span className="muted">{t('board.truncated', { n: list.data.items.length })}</span>
        ) : null}
      </div>
      <ErrorBanner error={list.error ?? lookups.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <div className="board">
          {PROBLEM_STATES.map((state) => {
            const items = columns.get(state) ?? [];
            return (
              <BoardColumn key={state} title={l('problemState', state)} count={formatNumber(items.length)}>
                {items.length === 0 ? <p className="muted board-empty">{t('board.empty')}</p> : null}
                <ul className="cards">
                  {items.map((p) => (
                    <li key={p.problemId} className="card">
                      <Link to={`/problems/${encodeURIComponent(p.problemId)}`} className="card-title">
                        {p.title}
                      </Link>
                      <p className="card-meta">
                        {lookups.unitName(p.unitId)}
                        {p.personId ? ` · ${lookups.personName(p.personId)}` : ''}
                      </p>
                      <p className="card-meta">
                        <span className="badge badge-muted">{l('source', p.source)}</span>{' '}
                        <span>{formatTime(p.reportedAt)}</span>
                      </p>
                    </li>
                  ))}
                </ul>
              </BoardColumn>
            );
          })}
        </div>
      ) : null}
    </>
  );
}

function BoardColumn({ title, count, children }: { title: string; count: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="board-column" aria-labelledby={id}>
      <h2 id={id} className="board-column-title">
        <span>{title}</span>
        <span className="board-count">{count}</span>
      </h2>
      {children}
    </section>
  );
}
