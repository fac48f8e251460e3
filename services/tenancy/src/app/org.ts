import { Readable } from 'node:stream';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, ConflictError, NotFoundError, type Principal, ValidationError } from '@zuofeng/core';
import { cancellationCodes, commit, queryPage, sharedKeys } from '@zuofeng/ddb';
import ExcelJS from 'exceljs';
import { ulid } from 'ulid';
import { maskPhone } from '../domain/org';
import { checkRoster } from '../domain/roster';
import { actorOf } from './accounts';
import type { TenancyDeps } from './deps';
import { stripKeys, tenancyKeys } from './keys';

type UnitType = 'village' | 'office' | 'station';
type PostType = 'village_cadre' | 'office_cadre' | 'station_head' | 'leadership_member' | 'branch_secretary';

interface UnitRow {
  unitId: string;
  name: string;
  unitType: UnitType;
  responsibleLeaderId?: string;
  version: number;
}

interface PersonRow {
  personId: string;
  name: string;
  postType: PostType;
  unitId: string;
  title?: string;
  phone?: string;
  accountId?: string;
  version: number;
}

const personView = (p: PersonRow) => {
  const { phone, ...rest } = stripKeys(p as unknown as Record<string, unknown>) as unknown as PersonRow;
  return { ...rest, ...(phone ? { phoneMasked: maskPhone(phone) } : {}) };
};

const staleVersion = (field: string) =>
  new ConflictError(
    bilingual(
      'the record changed since you read it: reload and apply your change again',
      '内容已被他人修改，请重新加载后再修改',
    ),
    [{ field, reason: bilingual('stale version', '内容已被他人修改') }],
  );

// ── units ─────────────────────────────────────────────────────────────────────────────────────────────
export async function listUnits(deps: TenancyDeps, tenantId: string) {
  const { pk, skPrefix } = sharedKeys.unitsPrefix(tenantId);
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
      ExpressionAttributeValues: { ':pk': pk, ':u': skPrefix },
    }),
  );
  return { items: (out.Items ?? []).map((u) => ({ version: 0, ...stripKeys(u) }) as UnitRow) };
}

async function assertLeader(deps: TenancyDeps, tenantId: string, personId: string | undefined) {
  if (!personId) return;
  const p = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: tenancyKeys.person(tenantId, personId) }),
    )
  ).Item;
  if (!p) {
    throw new ValidationError(bilingual('no such person', '没有这个人员'), [
      {
        field: 'body.responsibleLeaderId',
        reason: bilingual('not a person of this township', '不是本镇人员名册中的人'),
      },
    ]);
  }
}

export async function createUnit(
  deps: TenancyDeps,
  principal: Principal,
  body: { name: string; unitType: UnitType; responsibleLeaderId?: string },
) {
  const t = principal.tenantId;
  await assertLeader(deps, t, body.responsibleLeaderId);
  const existing = await listUnits(deps, t);
  if (existing.items.some((u) => u.name === body.name)) {
    throw new ConflictError(bilingual(`a unit named ${body.name} exists`, `已有名为“${body.name}”的单位`), [
      { field: 'body.name', reason: bilingual('already exists', '已有同名单位') },
    ]);
  }
  const unit: UnitRow = { unitId: `u-${ulid().toLowerCase()}`, ...body, version: 1 };
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...sharedKeys.unit(t, unit.unitId), kind: 'unit', ...unit },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    [],
    [
      {
        tenantId: t,
        actor: actorOf(principal),
        action: 'unit.create',
        entity: `unit/${unit.unitId}`,
        after: unit,
      },
    ],
  );
  return unit;
}

export async function updateUnit(
  deps: TenancyDeps,
  principal: Principal,
  unitId: string,
  body: { name: string; unitType: UnitType; responsibleLeaderId?: string; version: number },
) {
  const t = principal.tenantId;
  const before = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.unit(t, unitId) }))
  ).Item as UnitRow | undefined;
  if (!before) throw new NotFoundError(bilingual(`unit ${unitId} not found`, '没有找到这个单位'));
  await assertLeader(deps, t, body.responsibleLeaderId);
  const { version, ...fields } = body;
  const after: UnitRow = { unitId, ...fields, version: version + 1 };
  try {
    await commit(
      deps.doc,
      deps.tableName,
      [
        {
          Put: {
            TableName: deps.tableName,
            Item: { ...sharedKeys.unit(t, unitId), kind: 'unit', ...after },
            ConditionExpression:
              version === 0 ? 'attribute_exists(pk) AND attribute_not_exists(version)' : 'version = :v',
            ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
          },
        },
      ],
      [],
      [
        {
          tenantId: t,
          actor: actorOf(principal),
          action: 'unit.update',
          entity: `unit/${unitId}`,
          before: stripKeys(before as never),
          after,
        },
      ],
    );
  } catch (err) {
    if (cancellationCodes(err)?.[0] === 'ConditionalCheckFailed') throw staleVersion('body.version');
    throw err;
  }
  return after;
}

// ── people ────────────────────────────────────────────────────────────────────────────────────────────
export async function listPeople(
  deps: TenancyDeps,
  tenantId: string,
  q: { limit: number; cursor?: string; unitId?: string },
) {
  const page = q.unitId
    ? await queryPage<PersonRow>(deps.doc, {
        TableName: deps.tableName,
        IndexName: 'gsi1',
        pkAttr: 'gsi1pk',
        pk: tenancyKeys.peopleOfUnit(tenantId, q.unitId),
        limit: q.limit,
        cursor: q.cursor,
      })
    : await queryPage<PersonRow>(deps.doc, {
        TableName: deps.tableName,
        pk: tenancyKeys.people(tenantId),
        limit: q.limit,
        cursor: q.cursor,
      });
  return { items: page.items.map(personView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

async function assertUnit(deps: TenancyDeps, tenantId: string, unitId: string, field = 'body.unitId') {
  const u = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.unit(tenantId, unitId) }))
  ).Item;
  if (!u)
    throw new ValidationError(bilingual('no such unit', '没有这个单位'), [
      { field, reason: bilingual('not a unit of this township', '不是本镇的单位') },
    ]);
}

const personItem = (t: string, p: PersonRow) => ({
  ...tenancyKeys.person(t, p.personId),
  gsi1pk: tenancyKeys.peopleOfUnit(t, p.unitId),
  gsi1sk: p.personId,
  kind: 'person',
  ...p,
});

export async function createPerson(
  deps: TenancyDeps,
  principal: Principal,
  body: { name: string; postType: PostType; unitId: string; title?: string; phone?: string },
) {
  const t = principal.tenantId;
  await assertUnit(deps, t, body.unitId);
  const person: PersonRow = { personId: `p-${ulid().toLowerCase()}`, ...body, version: 1 };
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: personItem(t, person),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    [],
    [
      {
        tenantId: t,
        actor: actorOf(principal),
        action: 'person.create',
        entity: `person/${person.personId}`,
        after: person,
      },
    ],
  );
  return personView(person);
}

export async function updatePerson(
  deps: TenancyDeps,
  principal: Principal,
  personId: string,
  body: {
    name: string;
    postType: PostType;
    unitId: string;
    title?: string;
    phone?: string | null;
    version: number;
  },
) {
  const t = principal.tenantId;
  const before = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: tenancyKeys.person(t, personId) }))
  ).Item as PersonRow | undefined;
  if (!before) throw new NotFoundError(bilingual(`person ${personId} not found`, '没有找到这个人员'));
  await assertUnit(deps, t, body.unitId);
  const { version, phone, ...fields } = body;
  const keptPhone = phone === undefined ? before.phone : (phone ?? undefined);
  const after: PersonRow = {
    personId,
    ...fields,
    ...(keptPhone ? { phone: keptPhone } : {}),
    ...(before.accountId ? { accountId: before.accountId } : {}),
    version: version + 1,
  };
  try {
    await commit(
      deps.doc,
      deps.tableName,
      [
        {
          Put: {
            TableName: deps.tableName,
            Item: personItem(t, after),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': version },
          },
        },
      ],
      [],
      [
        {
          tenantId: t,
          actor: actorOf(principal),
          action: 'person.update',
          entity: `person/${personId}`,
          before: stripKeys(before as never),
          after,
        },
      ],
    );
  } catch (err) {
    if (cancellationCodes(err)?.[0] === 'ConditionalCheckFailed') throw staleVersion('body.version');
    throw err;
  }
  return personView(after);
}

/** The sheet's cells as text, first worksheet only: XLSX through exceljs, CSV through exceljs's CSV reader. */
async function readSheet(format: 'xlsx' | 'csv', content: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const ws =
    format === 'xlsx'
      ? (await wb.xlsx.load(content as unknown as ArrayBuffer)).worksheets[0]
      : await wb.csv.read(Readable.from(content.toString('utf8').replace(/^\uFEFF/, '')));
  const rows: string[][] = [];
  ws?.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = cell.text ?? '';
    });
    rows[n - 1] = cells;
  });
  return Array.from(rows, (r) => Array.from(r ?? [], (c) => c ?? ''));
}

/** Rows per transaction: 100 items at most, two of which are the audit entry and head. */
const CHUNK = 98;
export const MAX_ROSTER_ROWS = 2000;

/**
 * Import a roster: read, check every row, and then write all or nothing. Nothing is written while any row is
 * bad. A roster larger than one transaction is written in chunks; should a later chunk fail, the chunks
 * already written are removed again, so that a half-imported roster never stays.
 */
export async function importPeople(
  deps: TenancyDeps,
  principal: Principal,
  body: { format: 'xlsx' | 'csv'; content: string; dryRun: boolean },
) {
  const t = principal.tenantId;
  let table: string[][];
  try {
    table = await readSheet(body.format, Buffer.from(body.content, 'base64'));
  } catch {
    throw new ValidationError(bilingual('the file cannot be read', '无法读取这个文件'), [
      {
        field: 'body.content',
        reason: bilingual(
          `not a readable ${body.format.toUpperCase()} file`,
          `不是可读取的 ${body.format.toUpperCase()} 文件，请检查后重新选择`,
        ),
      },
    ]);
  }
  if (table.length - 1 > MAX_ROSTER_ROWS) {
    throw new ValidationError(bilingual('too many rows', '文件行数太多'), [
      {
        field: 'body.content',
        reason: bilingual(
          `at most ${MAX_ROSTER_ROWS} people per file`,
          `每个文件最多 ${MAX_ROSTER_ROWS} 人，请分成几个文件导入`,
        ),
      },
    ]);
  }
  const units = await listUnits(deps, t);
  const { rows, issues } = checkRoster(table, new Map(units.items.map((u) => [u.name, u.unitId])));
  if (issues.length)
    throw new ValidationError(
      bilingual(
        `${issues.length} problem(s) in the sheet; nothing was imported`,
        `文件中有 ${issues.length} 处错误，全部未导入；请修改后重新选择文件`,
      ),
      issues,
    );
  if (body.dryRun) return { imported: 0, dryRun: true, rows: rows.length };

  const written: PersonRow[][] = [];
  try {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows
        .slice(i, i + CHUNK)
        .map(
          ({ row: _row, ...r }): PersonRow => ({ personId: `p-${ulid().toLowerCase()}`, ...r, version: 1 }),
        );
      await commit(
        deps.doc,
        deps.tableName,
        chunk.map((p) => ({
          Put: {
            TableName: deps.tableName,
            Item: personItem(t, p),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        })),
        [],
        [
          {
            tenantId: t,
            actor: actorOf(principal),
            action: 'person.import',
            entity: `people/${chunk.length}`,
            after: chunk,
          },
        ],
      );
      written.push(chunk);
    }
  } catch (err) {
    for (const chunk of written) {
      await commit(
        deps.doc,
        deps.tableName,
        chunk.map((p) => ({ Delete: { TableName: deps.tableName, Key: tenancyKeys.person(t, p.personId) } })),
        [],
        [
          {
            tenantId: t,
            actor: { type: 'system', id: 'import-rollback' },
            action: 'person.import.rollback',
            entity: `people/${chunk.length}`,
            before: chunk,
          },
        ],
      );
    }
    throw err;
  }
  return { imported: rows.length, dryRun: false, rows: rows.length };
}

export { personView };
