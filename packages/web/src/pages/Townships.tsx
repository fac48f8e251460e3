import { type FormEvent, useState } from 'react';
import {
  Badge,
  type Column,
  ConfirmDialog,
  CredentialDialog,
  ErrorBanner,
  Field,
  Flash,
  IssueScope,
  Loading,
  PageHeader,
  Section,
  Table,
  useFocusFirstInvalid,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import type { CreateTownshipBody, CreateTownshipResult, Township } from '../types';

const EMPTY = { name: '', code: '', adminName: '', adminUsername: '', adminPhone: '' };

/** 乡镇管理: onboard a township with its first admin; suspend and reactivate. */
export function TownshipsPage() {
  const { t, l, formatTime } = useI18n();
  const { api, can } = useSession();
  const canWrite = can('county.townships.write');
  const list = useLoad(() => api.get<{ items: Township[] }>('/county/townships'), []);
  const [flash, setFlash] = useFlash();
  const [form, setForm] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const [credential, setCredential] = useState<{ username: string; password?: string | undefined }>();
  const [confirm, setConfirm] = useState<{ township: Township; to: 'suspend' | 'activate' }>();

  const upsert = (tw: Township) =>
    list.set((prev) => {
      const items = prev?.items ?? [];
      return items.some((x) => x.townshipId === tw.townshipId)
        ? { items: items.map((x) => (x.townshipId === tw.townshipId ? tw : x)) }
        : { items: [...items, tw] };
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const body: CreateTownshipBody = {
      name: form.name.trim(),
      code: form.code.trim(),
      admin: {
        name: form.adminName.trim(),
        username: form.adminUsername.trim(),
        ...(form.adminPhone.trim() ? { phone: form.adminPhone.trim() } : {}),
      },
    };
    try {
      const out = await api.post<CreateTownshipResult>('/county/townships', body);
      upsert(out.township);
      setForm(EMPTY);
      setFlash(t('townships.created', { name: out.township.name }));
      setCredential({ username: out.admin.username, password: out.admin.temporaryPassword });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<Township>[] = [
    { key: 'name', header: t('townships.name'), cell: (r) => <strong>{r.name}</strong> },
    { key: 'code', header: t('townships.code'), cell: (r) => <span className="mono">{r.code}</span> },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) => <Badge tone={r.status === 'active' ? 'ok' : 'muted'}>{l('tenantStatus', r.status)}</Badge>,
    },
    {
      key: 'admin',
      header: t('townships.admin'),
      cell: (r) => (r.adminUsername ? <span className="mono">{r.adminUsername}</span> : t('common.dash')),
    },
    {
      key: 'created',
      className: 'nowrap',
      header: t('common.createdAt'),
      cell: (r) => formatTime(r.createdAt),
    },
  ];
  if (canWrite)
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      cell: (r) =>
        r.status === 'active' ? (
          <button
            type="button"
            className="btn btn-small btn-danger-outline"
            aria-label={`${t('townships.suspend')} ${r.name}`}
            onClick={() => setConfirm({ township: r, to: 'suspend' })}
          >
            {t('townships.suspend')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`${t('townships.activate')} ${r.name}`}
            onClick={() => setConfirm({ township: r, to: 'activate' })}
          >
            {t('townships.activate')}
          </button>
        ),
    });

  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <>
      <PageHeader title={t('townships.title')} intro={t('townships.intro')} />
      <Flash message={flash} />
      <ErrorBanner error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data ? (
        <Table
          caption={t('townships.caption')}
          columns={columns}
          rows={list.data.items}
          rowKey={(r) => r.townshipId}
        />
      ) : null}

      {canWrite ? (
        <Section title={t('townships.create')}>
          <form ref={formRef} className="form form-grid" onSubmit={submit} noValidate>
            <IssueScope error={error}>
              <ErrorBanner error={error} />
              <Field label={t('townships.name')} name="name" required>
                {(p) => <input {...p} value={form.name} onChange={set('name')} maxLength={60} />}
              </Field>
              <Field label={t('townships.code')} hint={t('townships.codeHint')} name="code" required>
                {(p) => (
                  <input
                    {...p}
                    className="mono"
                    value={form.code}
                    onChange={set('code')}
                    autoCapitalize="none"
                    spellCheck={false}
                    maxLength={31}
                  />
                )}
              </Field>
              <Field label={t('townships.adminName')} name="admin.name" required>
                {(p) => <input {...p} value={form.adminName} onChange={set('adminName')} maxLength={60} />}
              </Field>
              <Field
                label={t('townships.adminUsername')}
                hint={t('townships.adminUsernameHint')}
                name="admin.username"
                required
              >
                {(p) => (
                  <input
                    {...p}
                    className="mono"
                    value={form.adminUsername}
                    onChange={set('adminUsername')}
                    autoCapitalize="none"
                    spellCheck={false}
                    maxLength={40}
                  />
                )}
              </Field>
              <Field label={t('townships.adminPhone')} name="admin.phone" optional>
                {(p) => (
                  <input
                    {...p}
                    type="tel"
                    inputMode="numeric"
                    value={form.adminPhone}
                    onChange={set('adminPhone')}
                    maxLength={11}
                  />
                )}
              </Field>
              <div className="form-actions">
                <button type="submit" className="btn btn-primary" disabled={busy}>
                  {busy ? t('townships.creating') : t('townships.create')}
                </button>
              </div>
            </IssueScope>
          </form>
        </Section>
      ) : null}

      {credential ? (
        <CredentialDialog
          username={credential.username}
          password={credential.password}
          onClose={() => setCredential(undefined)}
        />
      ) : null}
      {confirm ? (
        <ConfirmDialog
          title={`${confirm.to === 'suspend' ? t('townships.suspend') : t('townships.activate')} · ${confirm.township.name}`}
          message={t(confirm.to === 'suspend' ? 'townships.confirmSuspend' : 'townships.confirmActivate', {
            name: confirm.township.name,
          })}
          confirmLabel={confirm.to === 'suspend' ? t('townships.suspend') : t('townships.activate')}
          danger={confirm.to === 'suspend'}
          onClose={() => setConfirm(undefined)}
          onConfirm={async () => {
            const { township, to } = confirm;
            const out = await api.post<Township>(
              `/county/townships/${encodeURIComponent(township.townshipId)}/${to}`,
            );
            upsert(out);
            setConfirm(undefined);
            setFlash(t(to === 'suspend' ? 'townships.suspended' : 'townships.activated', { name: out.name }));
          }}
        />
      ) : null}
    </>
  );
}
