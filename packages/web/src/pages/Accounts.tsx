import { type FormEvent, useMemo, useState } from 'react';
import {
  Badge,
  type Column,
  ConfirmDialog,
  CredentialDialog,
  ErrorBanner,
  Field,
  Flash,
  fieldError,
  IssueScope,
  Loading,
  PageHeader,
  Section,
  Table,
  useFocusFirstInvalid,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { byId, loadAllPeople } from '../data';
import { type Account, type InviteResult, type Person, TOWNSHIP_ROLES } from '../types';

type TownshipRole = (typeof TOWNSHIP_ROLES)[number];

/** 账号: invite an account for a person, with roles; disable and re-enable. */
export function AccountsPage() {
  const { t, l, formatTime } = useI18n();
  const { api, can } = useSession();
  const canWrite = can('accounts.write');
  const accounts = useLoad(() => api.get<{ items: Account[] }>('/accounts'), []);
  const people = useLoad(() => loadAllPeople(api), []);
  const peopleById = useMemo(() => byId(people.data, 'personId'), [people.data]);
  const [flash, setFlash] = useFlash();
  const [credential, setCredential] = useState<{ username: string; password?: string | undefined }>();
  const [confirm, setConfirm] = useState<{ account: Account; to: 'disable' | 'enable' }>();

  const upsert = (a: Account) =>
    accounts.set((prev) => {
      const items = prev?.items ?? [];
      return items.some((x) => x.accountId === a.accountId)
        ? { items: items.map((x) => (x.accountId === a.accountId ? a : x)) }
        : { items: [...items, a] };
    });

  const tone = (s: Account['status']) => (s === 'active' ? 'ok' : s === 'invited' ? 'info' : 'muted');
  const columns: Column<Account>[] = [
    {
      key: 'username',
      header: t('accounts.username'),
      cell: (r) => <span className="mono">{r.username}</span>,
    },
    {
      key: 'person',
      header: t('accounts.person'),
      cell: (r) => (r.personId ? (peopleById.get(r.personId)?.name ?? r.personId) : t('common.dash')),
    },
    { key: 'roles', header: t('accounts.roles'), cell: (r) => r.roles.map((x) => l('role', x)).join('、') },
    {
      key: 'status',
      header: t('common.status'),
      cell: (r) => <Badge tone={tone(r.status)}>{l('accountStatus', r.status)}</Badge>,
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
        r.status === 'disabled' ? (
          <button
            type="button"
            className="btn btn-small"
            aria-label={`${t('accounts.enable')} ${r.username}`}
            onClick={() => setConfirm({ account: r, to: 'enable' })}
          >
            {t('accounts.enable')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small btn-danger-outline"
            aria-label={`${t('accounts.disable')} ${r.username}`}
            onClick={() => setConfirm({ account: r, to: 'disable' })}
          >
            {t('accounts.disable')}
          </button>
        ),
    });

  return (
    <>
      <PageHeader title={t('accounts.title')} intro={t('accounts.intro')} />
      <Flash message={flash} />
      <ErrorBanner error={accounts.error} />
      {accounts.loading && !accounts.data ? <Loading /> : null}
      {accounts.data ? (
        <Table
          caption={t('accounts.caption')}
          columns={columns}
          rows={accounts.data.items}
          rowKey={(r) => r.accountId}
        />
      ) : null}
      {canWrite ? (
        <InviteForm
          people={(people.data ?? []).filter((p) => !p.accountId)}
          loaded={!!people.data}
          onInvited={(out) => {
            const { temporaryPassword, ...account } = out;
            upsert(account);
            people.reload();
            setFlash(t('accounts.invited', { username: out.username }));
            setCredential({ username: out.username, password: temporaryPassword });
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
      {confirm ? (
        <ConfirmDialog
          title={`${t(confirm.to === 'disable' ? 'accounts.disable' : 'accounts.enable')} · ${confirm.account.username}`}
          message={t(confirm.to === 'disable' ? 'accounts.confirmDisable' : 'accounts.confirmEnable', {
            username: confirm.account.username,
          })}
          confirmLabel={t(confirm.to === 'disable' ? 'accounts.disable' : 'accounts.enable')}
          danger={confirm.to === 'disable'}
          onClose={() => setConfirm(undefined)}
          onConfirm={async () => {
            const { account, to } = confirm;
            const out = await api.post<Account>(`/accounts/${encodeURIComponent(account.accountId)}/${to}`);
            upsert(out);
            setConfirm(undefined);
            setFlash(
              t(to === 'disable' ? 'accounts.disabled' : 'accounts.enabled', { username: out.username }),
            );
          }}
        />
      ) : null}
    </>
  );
}

function InviteForm({
  people,
  loaded,
  onInvited,
}: {
  people: Person[];
  loaded: boolean;
  onInvited: (out: InviteResult) => void;
}) {
  const { t, l } = useI18n();
  const { api } = useSession();
  const [username, setUsername] = useState('');
  const [personId, setPersonId] = useState('');
  const [roles, setRoles] = useState<TownshipRole[]>(['cadre']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const formRef = useFocusFirstInvalid(error);
  const rolesError = fieldError(error, 'roles');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const out = await api.post<InviteResult>('/accounts', { username: username.trim(), personId, roles });
      setUsername('');
      setPersonId('');
      setRoles(['cadre']);
      onInvited(out);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('accounts.invite')}>
      {loaded && people.length === 0 ? (
        <div className="alert alert-info">{t('accounts.noPeople')}</div>
      ) : null}
      <form ref={formRef} className="form form-grid" onSubmit={submit} noValidate>
        <IssueScope error={error}>
          {/* The roles' checkboxes show their issue under the group (`rolesError`). */}
          <ErrorBanner error={error} claimed={['roles']} />
          <Field label={t('accounts.person')} name="personId" required>
            {(p) => (
              <select {...p} value={personId} onChange={(e) => setPersonId(e.target.value)}>
                <option value="" disabled>
                  {t('accounts.pickPerson')}
                </option>
                {people.map((x) => (
                  <option key={x.personId} value={x.personId}>
                    {x.name}（{x.title ?? l('postType', x.postType)}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('accounts.username')}
            hint={t('townships.adminUsernameHint')}
            name="username"
            required
          >
            {(p) => (
              <input
                {...p}
                className="mono"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                autoCapitalize="none"
                spellCheck={false}
                maxLength={40}
              />
            )}
          </Field>
          <fieldset
            className={`field field-wide checkbox-group${rolesError ? ' has-error' : ''}`}
            aria-invalid={rolesError ? true : undefined}
          >
            <legend>{t('accounts.roles')}</legend>
            {TOWNSHIP_ROLES.map((r) => (
              <label key={r} className="checkbox">
                <input
                  type="checkbox"
                  checked={roles.includes(r)}
                  onChange={(e) =>
                    setRoles((prev) => (e.target.checked ? [...prev, r] : prev.filter((x) => x !== r)))
                  }
                />
                {l('role', r)}
              </label>
            ))}
            {rolesError ? <p className="field-error">{rolesError}</p> : null}
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t('accounts.inviting') : t('accounts.invite')}
            </button>
          </div>
        </IssueScope>
      </form>
    </Section>
  );
}
