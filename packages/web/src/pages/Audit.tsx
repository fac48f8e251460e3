import { useState } from 'react';
import { type Column, ErrorBanner, Loading, PageHeader, Table } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import type { AuditEntry, AuditPage as AuditPageT, AuditVerify } from '../types';

const PAGE = 50;

/** 操作日志: the hash-chained audit log, page by page, and a check of the whole chain. */
export function AuditPage() {
  const { t, l, formatTime } = useI18n();
  const { api } = useSession();
  // The cursors of the pages already seen, so that "previous" needs no backwards paging on the server.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(() => api.get<AuditPageT>('/audit', { limit: PAGE, cursor }), [cursor]);
  const [verify, setVerify] = useState<{ busy: boolean; result?: AuditVerify; error?: unknown }>({
    busy: false,
  });

  const runVerify = async () => {
    setVerify({ busy: true });
    try {
      setVerify({ busy: false, result: await api.get<AuditVerify>('/audit/verify') });
    } catch (error) {
      setVerify({ busy: false, error });
    }
  };

  const columns: Column<AuditEntry>[] = [
    { key: 'seq', className: 'num', header: t('audit.seq'), cell: (r) => r.seq },
    { key: 'at', className: 'nowrap', header: t('audit.at'), cell: (r) => formatTime(r.at) },
    {
      key: 'actor',
      header: t('audit.actor'),
      cell: (r) => (
        <>
          <span className="cell-label">{l('actorType', r.actor.type)}</span>
          <span className="mono cell-note break">{r.actor.id}</span>
        </>
      ),
    },
    {
      key: 'action',
      header: t('audit.action'),
      cell: (r) => (
        <>
          <span className="cell-label">{l('auditAction', r.action)}</span>
          <span className="mono cell-note">{r.action}</span>
        </>
      ),
    },
    { key: 'entity', header: t('audit.entity'), cell: (r) => <span className="mono break">{r.entity}</span> },
    {
      key: 'hash',
      header: t('audit.hash'),
      cell: (r) => (
        <span className="mono muted" title={r.hash}>
          {r.hash.slice(0, 12)}…
        </span>
      ),
    },
  ];

  const result = verify.result;
  return (
    <>
      <PageHeader
        title={t('audit.title')}
        intro={t('audit.intro')}
        actions={
          <button type="button" className="btn btn-primary" onClick={runVerify} disabled={verify.busy}>
            {verify.busy ? t('audit.verifying') : t('audit.verify')}
          </button>
        }
      />
      <div aria-live="polite">
        {result ? (
          result.valid ? (
            <div className="alert alert-ok" role="status">
              {t('audit.valid', { entries: result.entries })}
            </div>
          ) : (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t('audit.broken', { at: result.brokenAt ?? '?' })}</p>
              {result.code ? (
                <p>{t('audit.brokenReason', { reason: t(`audit.break.${result.code}`) })}</p>
              ) : result.reason ? (
                <p>{t('audit.brokenReason', { reason: result.reason })}</p>
              ) : null}
            </div>
          )
        ) : null}
      </div>
      <ErrorBanner error={verify.error} />
      <ErrorBanner error={page.error} />
      {page.loading && !page.data ? <Loading /> : null}
      {page.data ? (
        <>
          <Table
            caption={t('audit.caption')}
            columns={columns}
            rows={page.data.items}
            rowKey={(r) => String(r.seq)}
          />
          <nav className="pager" aria-label={t('audit.caption')}>
            <button
              type="button"
              className="btn"
              disabled={cursors.length <= 1 || page.loading}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              {t('common.prevPage')}
            </button>
            <span className="muted">{t('common.page', { n: cursors.length })}</span>
            <button
              type="button"
              className="btn"
              disabled={!page.data.nextCursor || page.loading}
              onClick={() => setCursors((c) => [...c, page.data?.nextCursor])}
            >
              {t('common.nextPage')}
            </button>
          </nav>
        </>
      ) : null}
    </>
  );
}
