import { useState } from 'react';
import {
  Badge,
  type Column,
  CredentialDialog,
  DialogForm,
  ErrorBanner,
  Field,
  Flash,
  Loading,
  PageHeader,
  Table,
  useSubmit,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import type { Application, ApproveResult } from '../types';

/** 入驻申请: approve (the township is created, its contact its first admin) or reject with a reason. */
export function ApplicationsPage() {
  const { t, l, formatTime } = useI18n();
  const { api } = useSession();
  const list = useLoad(() => api.get<{ items: Application[] }>('/county/applications'), []);
  const [flash, setFlash] = useFlash();
  const [deciding, setDeciding] = useState<{ app: Application; to: 'approve' | 'reject' }>();
  const [credential, setCredential] = useState<{ username: string; password?: string | undefined }>();

  const replace = (a: Application) =>
    list.set((prev) => ({
      items: (prev?.items ?? []).map((x) => (x.applicationId === a.applicationId ? a : x)),
    }));

  const tone = (s: Application['status']) => (s === 'pending' ? 'warn' : s === 'approved' ? 'ok' : 'muted');
  const columns: Column<Application>[] = [
    { key: 'name', header: t('applications.name'), cell: (r) => <strong>{r.name}</strong> },
    { key: 'code', header: t('applications.code'), cell: (r) => <span className="mono">{r.code}</span> },
    { key: 'contact', header: t('applications.contact'), cell: (r) => r.contactName },
    {
      key: 'phone',
      header: t('applications.phone'),
      cell: (r) => <span className="mono">{r.contactPhoneMasked}</span>,
    },
    {
      key: 'submitted',
      className: 'nowrap',
      header: t('applications.submittedAt'),
      cell: (r) => formatTime(r.submittedAt),
    },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) => (
        <>
          <Badge tone={tone(r.status)}>{l('appStatus', r.status)}</Badge>
          {r.reason ? <span className="cell-note">{r.reason}</span> : null}
        </>
      ),
    },
    {
      key: 'actions',
      header: t('common.actions'),
      cell: (r) =>
        r.status === 'pending' ? (
          <span className="btn-row">
            <button
              type="button"
              className="btn btn-small btn-primary"
              aria-label={`${t('applications.approve')} ${r.name}`}
              onClick={() => setDeciding({ app: r, to: 'approve' })}
            >
              {t('applications.approve')}
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger-outline"
              aria-label={`${t('applications.reject')} ${r.name}`}
              onClick={() => setDeciding({ app: r, to: 'reject' })}
            >
              {t('applications.reject')}
            </button>
          </span>
        ) : (
          <span className="muted nowrap">{formatTime(r.decidedAt)}</span>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('applications.title')}
        intro={t('applications.intro')}
        actions={
          <button type="button" className="btn" onClick={list.reload}>
            {t('common.refresh')}
          </button>
        }
      />
      <Flash message={flash} />
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table
          caption={t('applications.caption')}
          columns={columns}
          rows={list.data.items}
          rowKey={(r) => r.applicationId}
        />
      ) : null}
      {deciding ? (
        <DecideDialog
          app={deciding.app}
          to={deciding.to}
          onClose={() => setDeciding(undefined)}
          onApproved={(out) => {
            replace(out.application);
            setDeciding(undefined);
            setFlash(t('applications.approved', { name: out.application.name }));
            setCredential({ username: out.admin.username, password: out.admin.temporaryPassword });
          }}
          onRejected={(a) => {
            replace(a);
            setDeciding(undefined);
            setFlash(t('applications.rejected', { name: a.name }));
          }}
        />
      ) : null}
      {credential ? (
        <CredentialDialog
          username={credential.username}
          password={credential.password}
          onClose={() => setCredential(undefined)}
        />
      ) : null}
    </>
  );
}

function DecideDialog({
  app,
  to,
  onClose,
  onApproved,
  onRejected,
}: {
  app: Application;
  to: 'approve' | 'reject';
  onClose: () => void;
  onApproved: (out: ApproveResult) => void;
  onRejected: (a: Application) => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [value, setValue] = useState(to === 'approve' ? `${app.code}.admin` : '');
  const id = encodeURIComponent(app.applicationId);
  // The send button says what it does, busy or not.
  const label = t(to === 'approve' ? 'applications.approve' : 'applications.reject');
  const { busy, error, submit } = useSubmit(async () => {
    if (to === 'approve') {
      onApproved(
        await api.post<ApproveResult>(`/county/applications/${id}/approve`, {
          adminUsername: value.trim(),
        }),
      );
    } else {
      const out = await api.post<{ application: Application }>(`/county/applications/${id}/reject`, {
        reason: value.trim(),
      });
      onRejected(out.application);
    }
  });
  return (
    <DialogForm
      title={t(to === 'approve' ? 'applications.approveTitle' : 'applications.rejectTitle', {
        name: app.name,
      })}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      busy={busy}
      label={label}
      busyLabel={label}
      danger={to === 'reject'}
    >
      {to === 'approve' ? (
        <Field
          label={t('applications.adminUsername')}
          hint={t('townships.adminUsernameHint')}
          name="adminUsername"
          required
        >
          {(p) => (
            <input
              {...p}
              className="mono"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              autoCapitalize="none"
              spellCheck={false}
              maxLength={40}
            />
          )}
        </Field>
      ) : (
        <Field
          label={t('applications.reasonLabel')}
          hint={t('applications.reasonHint')}
          name="reason"
          required
        >
          {(p) => (
            <textarea
              {...p}
              rows={4}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              maxLength={500}
            />
          )}
        </Field>
      )}
    </DialogForm>
  );
}
