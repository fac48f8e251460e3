import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { tenantPk } from './keys';
import type { TransactItem } from './outbox';

/** What a mutation says about itself in its tenant's audit log. */
export interface AuditInput {
  tenantId: string;
  actor: { type: 'user' | 'public' | 'system'; id: string };
  /** Dotted verb, e.g. `unit.create`, `township.suspend`. */
  action: string;
  /** What it acted on, e.g. `unit/u-01…`. */
  entity: string;
  /** The record before and after; only their digests are kept, so the log holds no personal data. */
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  seq: number;
  tenantId: string;
  at: string;
  actor: { type: string; id: string };
  action: string;
  entity: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every level, so the same value always hashes the same. Only plain JSON
 * values reach it (records read from or written to the table), which is all this needs of RFC 8785.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The digest of a record's state, without its keys: `sha256:<hex>`, or null for "none". */
export function digestOf(record: unknown): string | null {
  if (record === undefined || record === null) return null;
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, ...rest } = record as Record<string, unknown>;
  return `sha256:${sha256(canonicalJson(rest))}`;
}

/** The hash of an entry: everything it says, chained to the previous entry's hash. */
export const hashEntry = (e: Omit<AuditEntry, 'hash'>): string =>
  sha256(
    canonicalJson({
      seq: e.seq,
      tenantId: e.tenantId,
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      beforeDigest: e.beforeDigest,
      afterDigest: e.afterDigest,
      prevHash: e.prevHash,
    }),
  );

export const auditKeys = {
  partition: (tenantId: string) => tenantPk(tenantId, 'AUDIT'),
  head: (tenantId: string) => ({ pk: tenantPk(tenantId, 'AUDIT'), sk: 'HEAD' }),
  entry: (tenantId: string, seq: number) => ({
    pk: tenantPk(tenantId, 'AUDIT'),
    sk: `E#${String(seq).padStart(12, '0')}`,
  }),
};

/**
 * The two items that append an entry to a tenant's chain: the entry, and the head moved on with a condition
 * on its previous position. Two writers racing for the same position cannot both commit; the loser's
 * transaction is cancelled and `commit` retries it on the new head.
 */
export async function auditItems(
  doc: DynamoDBDocumentClient,
  tableName: string,
  input: AuditInput,
  now: Date,
): Promise<TransactItem[]> {
  const head = (
    await doc.send(
      new GetCommand({ TableName: tableName, Key: auditKeys.head(input.tenantId), ConsistentRead: true }),
    )
  ).Item as { seq: number; hash: string } | undefined;
  const partial: Omit<AuditEntry, 'hash'> = {
    seq: (head?.seq ?? 0) + 1,
    tenantId: input.tenantId,
    at: now.toISOString(),
    actor: input.actor,
    action: input.action,
    entity: input.entity,
    beforeDigest: digestOf(input.before),
    afterDigest: digestOf(input.after),
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const entry: AuditEntry = { ...partial, hash: hashEntry(partial) };
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...auditKeys.entry(input.tenantId, entry.seq), kind: 'audit', ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: { ...auditKeys.head(input.tenantId), kind: 'audit-head', seq: entry.seq, hash: entry.hash },
        ...(head
          ? { ConditionExpression: 'seq = :prev', ExpressionAttributeValues: { ':prev': head.seq } }
          : { ConditionExpression: 'attribute_not_exists(pk)' }),
      },
    },
  ];
}

/** Why a chain does not hold, as a code a screen can word in its own language. */
export type ChainBreak = 'missing' | 'unlinked' | 'changed' | 'removed';

export interface ChainVerdict {
  valid: boolean;
  entries: number;
  brokenAt?: number;
  /** In English, for logs and the command line. */
  reason?: string;
  code?: ChainBreak;
}

/** Walk a tenant's chain from the first entry: every hash recomputed, every link and number checked. */
export async function verifyAuditChain(
  doc: DynamoDBDocumentClient,
  tableName: string,
  tenantId: string,
): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':pk': auditKeys.partition(tenantId), ':e': 'E#' },
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    for (const item of (out.Items ?? []) as (AuditEntry & Record<string, unknown>)[]) {
      const at = Number(item.seq);
      if (at !== expectedSeq)
        return {
          valid: false,
          entries: expectedSeq - 1,
          brokenAt: expectedSeq,
          reason: 'an entry is missing',
          code: 'missing',
        };
      if (item.prevHash !== prevHash)
        return {
          valid: false,
          entries: at - 1,
          brokenAt: at,
          reason: 'the link to the previous entry does not hold',
          code: 'unlinked',
        };
      if (hashEntry(item) !== item.hash)
        return {
          valid: false,
          entries: at - 1,
          brokenAt: at,
          reason: 'the entry was changed after it was written',
          code: 'changed',
        };
      prevHash = item.hash;
      expectedSeq++;
    }
    start = out.LastEvaluatedKey;
  } while (start);
  const head = (
    await doc.send(
      new GetCommand({ TableName: tableName, Key: auditKeys.head(tenantId), ConsistentRead: true }),
    )
  ).Item as { seq: number; hash: string } | undefined;
  const entries = expectedSeq - 1;
  if ((head?.seq ?? 0) !== entries || (head && head.hash !== prevHash)) {
    return {
      valid: false,
      entries,
      brokenAt: entries + 1,
      reason: 'the head does not match the last entry (an entry was removed)',
      code: 'removed',
    };
  }
  return { valid: true, entries };
}
