import { useMemo, useState } from 'react';
import {
  Badge,
  type Column,
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
import { byId, loadAllPeople, loadUnits } from '../data';
import { LEADER_POSTS, type Person, UNIT_TYPES, type Unit, type UnitType } from '../types';

/** 单位: the township's villages, offices and stations, each with its responsible leader (一岗双责). */
export function UnitsPage() {
  const { t, l } = useI18n();
  const { api, can } = useSession();
  const canWrite = can('org.write');
  const units = useLoad(() => loadUnits(api), []);
  const people = useLoad(() => loadAllPeople(api), []);
  const [flash, setFlash] = useFlash();
  const [typeFilter, setTypeFilter] = useState<UnitType | ''>('');
  const [editing, setEditing] = useState<Unit | 'new'>();
  const peopleById = useMemo(() => byId(people.data, 'personId'), [people.data]);

  const rows = (units.data ?? []).filter((u) => !typeFilter || u.unitType === typeFilter);
  const columns: Column<Unit>[] = [
    { key: 'name', header: t('units.name'), cell: (r) => <strong>{r.name}</strong> },
    {
      key: 'type',
      header: t('units.type'),
      cell: (r) => <Badge tone="info">{l('unitType', r.unitType)}</Badge>,
    },
    {
      key: 'leader',
      header: t('units.leader'),
      cell: (r) => {
        const p = r.responsibleLeaderId ? peopleById.get(r.responsibleLeaderId) : undefined;
        if (!r.responsibleLeaderId) return <span className="muted">{t('units.noLeader')}</span>;
        return p ? (
          `${p.name}${p.title ? `（${p.title}）` : ''}`
        ) : (
          <span className="mono">{r.responsibleLeaderId}</span>
        );
      },
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

  return (
    <>
      <PageHeader
        title={t('units.title')}
        intro={t('units.intro')}
        actions={
          canWrite ? (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              {t('units.add')}
            </button>
          ) : undefined
        }
      />
      <Flash message={flash} />
      <div className="toolbar">
        <Field label={t('units.filterType')} className="field-inline">
          {(p) => (
            <select
              {...p}
              value={typeFilter}
              onChange={(e) => setTypeFilter(e.target.value as UnitType | '')}
            >
              <option value="">{t('common.all')}</option>
              <UnitTypeOptions />
            </select>
          )}
        </Field>
        <span className="muted">{t('common.rowsShown', { n: rows.length })}</span>
      </div>
      <ErrorBanner error={units.error} />
      {units.loading && !units.data ? <Loading /> : null}
      {units.data ? (
        <Table caption={t('units.caption')} columns={columns} rows={rows} rowKey={(r) => r.unitId} />
      ) : null}
      {editing ? (
        <UnitDialog
          unit={editing === 'new' ? undefined : editing}
          people={people.data ?? []}
          onClose={() => setEditing(undefined)}
          onSaved={(u, created) => {
            units.set((prev) =>
              created ? [...(prev ?? []), u] : (prev ?? []).map((x) => (x.unitId === u.unitId ? u : x)),
            );
            setEditing(undefined);
            setFlash(t(created ? 'units.created' : 'units.updated', { name: u.name }));
          }}
          onReload={() => {
            setEditing(undefined);
            units.reload();
          }}
        />
      ) : null}
    </>
  );
}

function UnitDialog({
  unit,
  people,
  onClose,
  onSaved,
  onReload,
}: {
  unit: Unit | undefined;
  people: Person[];
  onClose: () => void;
  onSaved: (u: Unit, created: boolean) => void;
  onReload: () => void;
}) {
  const { t, l } = useI18n();
  const { api } = useSession();
  const [name, setName] = useState(unit?.name ?? '');
  const [unitType, setUnitType] = useState<UnitType | ''>(unit?.unitType ?? '');
  const [leader, setLeader] = useState(unit?.responsibleLeaderId ?? '');
  const leaders = people.filter((p) => LEADER_POSTS.includes(p.postType));
  const others = people.filter((p) => !LEADER_POSTS.includes(p.postType));
  const option = (p: Person) => (
    <option key={p.personId} value={p.personId}>
      {p.name}
      {p.title ? `（${p.title}）` : `（${l('postType', p.postType)}）`}
    </option>
  );

  const { busy, error, submit } = useSubmit(async () => {
    const body = {
      name: name.trim(),
      unitType,
      ...(leader ? { responsibleLeaderId: leader } : {}),
    };
    const saved = unit
      ? await api.put<Unit>(`/units/${encodeURIComponent(unit.unitId)}`, { ...body, version: unit.version })
      : await api.post<Unit>('/units', body);
    onSaved(saved, !unit);
  });

  return (
    <DialogForm
      title={unit ? t('units.editTitle', { name: unit.name }) : t('units.add')}
      onClose={onClose}
      onSubmit={submit}
      error={error}
      banner={<ErrorBanner error={error} onReload={onReload} />}
      busy={busy}
    >
      <Field label={t('units.name')} name="name" required>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />}
      </Field>
      <Field label={t('units.type')} name="unitType" required>
        {(p) => (
          <select {...p} value={unitType} onChange={(e) => setUnitType(e.target.value as UnitType)}>
            <option value="" disabled>
              —
            </option>
            <UnitTypeOptions />
          </select>
        )}
      </Field>
      <Field label={t('units.leader')} name="responsibleLeaderId" optional>
        {(p) => (
          <select {...p} value={leader} onChange={(e) => setLeader(e.target.value)}>
            <option value="">{t('units.noLeader')}</option>
            {leaders.length ? <optgroup label={t('units.leaders')}>{leaders.map(option)}</optgroup> : null}
            {others.length ? <optgroup label={t('units.others')}>{others.map(option)}</optgroup> : null}
          </select>
        )}
      </Field>
    </DialogForm>
  );
}

/** One option per kind of unit, named in the console's language. */
function UnitTypeOptions() {
  const { l } = useI18n();
  return (
    <>
      {UNIT_TYPES.map((u) => (
        <option key={u} value={u}>
          {l('unitType', u)}
        </option>
      ))}
    </>
  );
}
