import { ErrorBanner, Loading, PageHeader } from '../components/ui';
import { useI18n, useLoad, useSession } from '../context';
import type { Inbox } from '../types';

/** 站内通知: notices addressed to the caller's roles. */
export function InboxPage() {
  const { t, l, formatTime } = useI18n();
  const { api } = useSession();
  const inbox = useLoad(() => api.get<Inbox>('/inbox', { limit: 100 }), []);
  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        intro={t('inbox.intro')}
        actions={
          <button type="button" className="btn" onClick={inbox.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <ErrorBanner error={inbox.error} />
      {inbox.loading && !inbox.data ? <Loading /> : null}
      {inbox.data ? (
        inbox.data.items.length === 0 ? (
          <p className="panel empty">{t('inbox.empty')}</p>
        ) : (
          <ul className="notice-list" aria-label={t('inbox.title')}>
            {inbox.data.items.map((n) => (
              <li key={`${n.role}:${n.noticeId}`} className="notice">
                <div className="notice-head">
                  <span className="badge badge-info">{l('noticeKind', n.kind)}</span>
                  <h2 className="notice-title">{n.title}</h2>
                </div>
                <p className="notice-body">{n.body}</p>
                <p className="notice-meta">
                  <time dateTime={n.createdAt}>{formatTime(n.createdAt)}</time>
                  <span>{t('inbox.to', { role: l('role', n.role) })}</span>
                </p>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}
