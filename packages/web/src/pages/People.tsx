import { useMemo, useRef, useState } from 'react';
import { ApiError, fileToBase64 } from '../api';
import {
  Badge,
  type Column,
  DialogForm,
  ErrorBanner,
  Field,
  Flash,
  Loading,
  PageHeader,
  Section,
  Table,
  UnitOptions,
  useSubmit,
} from '../components/ui';
import { useFlash, useI18n, useLoad, useSession } from '../context';
import { byId, loadUnits } from '../data';
import { type PeoplePage as PeoplePageT, type Person, POST_TYPES, type PostType, type Unit } from '../types';

const PAGE = 50;

/** 人员: the roster, by unit; add, edit, and import a sheet (dry run first). */
export function PeoplePage() {
  const { t, l } = useI18n();
  const { api, can } = useSession();
  const canWrite = can('org.write');
  const units = useLoad(() => loadUnits(api), []);
  const [unitFilter, setUnitFilter] = useState('');
  const people = useLoad(
    () => api.get<PeoplePageT>('/people', { limit: PAGE, unitId: unitFilter || undefined }),
    [unitFilter],
  );
  const [more, setMore] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const [flash, setFlash] = useFlash();
  const [editing, setEditing] = useState<Person | 'new'>();
  const unitsById = useMemo(() => byId(units.data, 'unitId'), [units.data]);

  const loadMore = async () => {
    const cursor = people.data?.nextCursor;
    if (!cursor) return;
    setMore({ busy: true });
    try {
      const next = await api.get<PeoplePageT>('/people', {
        limit: PAGE,
        cursor,
        unitId: unitFilter || undefined,
      });
      people.set((prev) => ({ items: [...(prev?.items ?? []), ...next.items], nextCursor: next.nextCursor }));
      setMore({ busy: false });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };

  const columns: Column<Person>[] = [
    { key: 'name', header: t('people.name'), cell: (r) => <strong>{r.name}</strong> },
    { key: 'post', header: t('people.postType'), cell: (r) => l('postType', r.postType) },
    { key: 'unit', header: t('people.unit'), cell: (r) => unitsById.get(r.unitId)?.name ?? r.unitId },
    { key: 'title', header: t('people.titleField'), cell: (r) => r.title ?? t('common.dash') },
    {
      key: 'phone',
      header: t('people.phone'),
      cell: (r) => (r.phoneMasked ? <span className="mono">{r.phoneMasked}</span> : t('common.dash')),
    },
    {
      key: 'account',
      header: t('people.account'),
      cell: (r) =>
        r.accountId ? (
          <Badge tone="ok">{t('people.hasAccount')}</Badge>
        ) : (
          <Badge tone="muted">{t('people.noAccount')}</Badge>
        ),
    },
  ];
  if (canWrite)
    columns.push({
      key: 'actions',
      header: t('common.actions'),
      cell: (r) => (
        <button
          type="button"
          className="btn btn-small"
          aria-label={`${t('common.edit')} ${r.name}`}
          onClick={() => setEditing(r)}
        >
          {t('common.edit')}
        </button>
      ),
    });

  const noUnits = units.data && units.data.length === 0;
  return (
    <>
      <PageHeader
        title={t('people.title')}
        intro={t('people.intro')}
        actions={
          canWrite ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => setEditing('new')}
              disabled={!!noUnits}
            >
              {t('people.add')}
            </button>
          ) : undefined
        }
      />
      <Flash message={flash} />
      {canWrite && noUnits ? <div className="alert alert-info">{t('people.noUnits')}</div> : null}
      <div className="toolbar">
        <Field label={t('people.filterUnit')} className="field-inline">
          {(p) => (
            <select {...p} value={unitFilter} onChange={(e) => setUnitFilter(e.target.value)}>
              <option value="">{t('people.allUnits')}</option>
              <UnitOptions units={units.data} />
            </select>
          )}
        </Field>
        {people.data ? (
          <span className="muted">{t('common.rowsShown', { n: people.data.items.length })}</span>
        ) : null}
      </div>
      <ErrorBanner error={people.error ?? units.error} />
      {people.loading && !people.data ? <Loading /> : null}
      {people.data ? (
        <>
          <Table
            caption={t('people.caption')}
            columns={columns}
            rows={people.data.items}
            rowKey={(r) => r.personId}
          />
          <ErrorBanner error={more.error} />
          {people.data.nextCursor ? (
            <div className="pager">
              <button type="button" className="btn" onClick={loadMore} disabled={more.busy}>
                {more.busy ? t('app.loading') : t('common.loadMore')}
              </button>
            </div>
          ) : null}
        </>
      ) : null}

      {canWrite ? (
        <ImportSection
          onImported={(n) => {
            setFlash(t('people.importDone', { imported: n }));
            people.reload();
          }}
        />
      ) : null}

      {editing ? (
        <PersonDialog
          person={editing === 'new' ? undefined : editing}
          units={units.data ?? []}
          defaultUnitId={unitFilter}
          onClose={() => setEditing(undefined)}
          onSaved={(p, created) => {
            people.set((prev) => {
              const items = prev?.items ?? [];
              const shown = !unitFilter || p.unitId === unitFilter;
              const next = created
                ? shown
                  ? [...items, p]
                  : items
                : items
                    .map((x) => (x.personId === p.personId ? p : x))
                    .filter((x) => shown || x.personId !== p.personId);
              return { ...prev, items: next };
            });
            setEditing(undefined);
            setFlash(t(created ? 'people.created' : 'people.updated', { name: p.name }));
          }}
          onReload={() => {
            setEditing(undefined);
            people.reload();
          }}
        />
      ) : null}
    </>
  );
}

function PersonDialog({
  person,
  units,
  defaultUnitId,
  onClose,
  onSaved,
  onReload,
}: {
  person: Person | undefined;
  units: Unit[];
  defaultUnitId: string;
  onClose: () => void;
  onSaved: (p: Person, created: boolean) => void;
  onReload: () => void;
}) {
  const { t, l } = useI18n();
  const { api } = useSession();
  const [form, setForm] = useState({
    name: person?.name ?? '',
    postType: (person?.postType ?? '') as PostType | '',
    unitId: person?.unitId ?? defaultUnitId,
    title: person?.title ?? '',
    phone: '',
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const { busy, error, submit } = useSubmit(async () => {
    const body = {
      name: form.name.trim(),
      postType: form.postType,
      unitId: form.unitId,
      ...(form.title.trim() ? { title: form.title.trim() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
    };
    const saved = person
      ? await api.put<Person>(`/people/${encodeURIComponent(person.personId)}`, {
          ...body,
          version: person.version,
        })
      : await api.post<Person>('/people', body);
    onSaved(saved, !person);
  });

  return (
    <DialogForm
      title={person ? t('people.editTitle', { name: person.name }) : t('people.add')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      banner={<ErrorBanner error={error} onReload={onReload} />}
      busy={busy}
    >
      <Field label={t('people.name')} name="name" required>
        {(p) => <input {...p} value={form.name} onChange={set('name')} maxLength={60} />}
      </Field>
      <Field label={t('people.postType')} name="postType" required>
        {(p) => (
          <select {...p} value={form.postType} onChange={set('postType')}>
            <option value="" disabled>
              —
            </option>
            {POST_TYPES.map((x) => (
              <option key={x} value={x}>
                {l('postType', x)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('people.unit')} name="unitId" required>
        {(p) => (
          <select {...p} value={form.unitId} onChange={set('unitId')}>
            <option value="" disabled>
              —
            </option>
            {units.map((u) => (
              <option key={u.unitId} value={u.unitId}>
                {u.name}（{l('unitType', u.unitType)}）
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('people.titleField')} name="title" optional>
        {(p) => <input {...p} value={form.title} onChange={set('title')} maxLength={60} />}
      </Field>
      <Field
        label={t('people.phone')}
        name="phone"
        hint={person?.phoneMasked ? `${person.phoneMasked} · ${t('people.phoneKeep')}` : undefined}
        optional
      >
        {(p) => (
          <input
            {...p}
            type="tel"
            inputMode="numeric"
            autoComplete="off"
            value={form.phone}
            onChange={set('phone')}
            maxLength={11}
          />
        )}
      </Field>
    </DialogForm>
  );
}

const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const TEMPLATE = '\uFEFF姓名,岗位类型,单位,职务,手机号\n张三,村组干部,东村,村委委员,13800000000\n';

/** Bulk import: a dry run lists every bad row (`row 5: 岗位类型`), then the same file is imported. */
function ImportSection({ onImported }: { onImported: (n: number) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ format: 'xlsx' | 'csv'; content: string; name: string }>();
  const [fileError, setFileError] = useState<string>();
  const [phase, setPhase] = useState<'idle' | 'checking' | 'checked' | 'importing'>('idle');
  const [rows, setRows] = useState<number>();
  const [error, setError] = useState<unknown>();

  const choose = async (f: File | undefined) => {
    setFile(undefined);
    setFileError(undefined);
    setError(undefined);
    setRows(undefined);
    setPhase('idle');
    if (!f) return;
    const ext = f.name.toLowerCase().split('.').pop();
    if (ext !== 'xlsx' && ext !== 'csv') return setFileError(t('people.importBadType'));
    if (f.size > MAX_IMPORT_BYTES) return setFileError(t('people.importTooBig'));
    setFile({ format: ext, content: await fileToBase64(f), name: f.name });
  };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setPhase(dryRun ? 'checking' : 'importing');
    setError(undefined);
    try {
      const out = await api.post<{ imported: number; rows: number; dryRun: boolean }>('/people/import', {
        format: file.format,
        content: file.content,
        dryRun,
      });
      if (dryRun) {
        setRows(out.rows);
        setPhase('checked');
      } else {
        setPhase('idle');
        setFile(undefined);
        setRows(undefined);
        if (input.current) input.current.value = '';
        onImported(out.imported);
      }
    } catch (err) {
      setError(err);
      setPhase('idle');
    }
  };

  const rowErrors = error instanceof ApiError && error.errors.length ? error.errors : undefined;
  const templateHref = useMemo(() => `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`, []);
  return (
    <Section title={t('people.importTitle')}>
      <p className="hint">{t('people.importIntro')}</p>
      <div className="form import-form">
        <Field label={t('people.importFile')} error={fileError}>
          {(p) => (
            <input
              {...p}
              ref={input}
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => void choose(e.target.files?.[0])}
            />
          )}
        </Field>
        <div className="form-actions">
          <button
            type="button"
            className="btn"
            disabled={!file || phase === 'checking' || phase === 'importing'}
            onClick={() => run(true)}
          >
            {phase === 'checking' ? t('people.importChecking') : t('people.importCheck')}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!file || phase !== 'checked'}
            onClick={() => run(false)}
          >
            {phase === 'importing' ? t('people.importRunning') : t('people.importRun')}
          </button>
          <a className="btn btn-ghost" href={templateHref} download="人员名册模板.csv">
            {t('people.importTemplate')}
          </a>
        </div>
        {phase === 'checked' && rows !== undefined ? (
          <div className="alert alert-ok" role="status">
            {t('people.importOk', { rows })}
          </div>
        ) : null}
        {rowErrors ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t('people.importErrors', { n: rowErrors.length })}</p>
            <div className="table-wrap">
              <table className="table table-compact">
                <caption className="sr-only">{t('people.importErrors', { n: rowErrors.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('people.importRow')}</th>
                    <th scope="col">{t('people.importReason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rowErrors.map((e, i) => (
                    <tr key={i}>
                      <td className="nowrap">{e.field}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : (
          <ErrorBanner error={error} />
        )}
      </div>
    </Section>
  );
}
