import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  bilingual,
  ConflictError,
  NotFoundError,
  type Principal,
  type Role,
  ValidationError,
} from '@zuofeng/core';
import { type AuditInput, cancellationCodes, commit, sharedKeys, type TransactItem } from '@zuofeng/ddb';
import { ulid } from 'ulid';
import type { DirectoryUser, TenancyDeps } from './deps';
import { stripKeys, tenancyKeys } from './keys';

export interface AccountRecord {
  accountId: string;
  username: string;
  personId?: string;
  roles: Role[];
  status: 'invited' | 'active' | 'disabled';
  createdAt: string;
  name: string;
}

const view = (a: AccountRecord) => {
  const { name: _n, ...rest } = stripKeys(
    a as unknown as Record<string, unknown>,
  ) as unknown as AccountRecord;
  return rest;
};

export const actorOf = (p: Principal): AuditInput['actor'] => ({ type: 'user', id: p.userId });

/**
 * The writes that create an account: the account in its tenant, and its sign-in name in the deployment-wide
 * registry, both conditional, so a username is never given twice.
 */
export function accountWrites(
  deps: TenancyDeps,
  tenantId: string,
  input: { username: string; roles: Role[]; name: string; personId?: string },
): { items: TransactItem[]; record: AccountRecord; user: DirectoryUser; temporaryPassword?: string } {
  const accountId = `acc-${ulid().toLowerCase()}`;
  const { temporaryPassword, passwordHash } = deps.directory.credentials();
  const record: AccountRecord = {
    accountId,
    username: input.username,
    ...(input.personId ? { personId: input.personId } : {}),
    roles: input.roles,
    // With a local identity provider the account can sign in at once with its temporary password.
    status: deps.directory.kind === 'local' ? 'active' : 'invited',
    createdAt: deps.now().toISOString(),
    name: input.name,
  };
  return {
    record,
    user: { username: input.username, tenantId, accountId, roles: input.roles, name: input.name },
    ...(temporaryPassword ? { temporaryPassword } : {}),
    items: [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...tenancyKeys.account(tenantId, accountId), kind: 'account', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...sharedKeys.username(input.username),
            kind: 'username',
            username: input.username,
            tenantId,
            accountId,
            roles: input.roles,
            status: record.status,
            name: input.name,
            ...(passwordHash ? { passwordHash } : {}),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  };
}

/** A username already taken shows up as the registry item's failed condition. */
export function usernameTaken(err: unknown, registryIndex: number, username: string): never {
  if (cancellationCodes(err)?.[registryIndex] === 'ConditionalCheckFailed') {
    throw new ConflictError(
      bilingual(`username ${username} is taken`, `用户名 ${username} 已被使用，请换一个`),
      [{ field: 'body.username', reason: bilingual('already taken', '已被使用') }],
    );
  }
  throw err;
}

export async function listAccounts(deps: TenancyDeps, tenantId: string) {
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenancyKeys.accounts(tenantId) },
    }),
  );
  return { items: ((out.Items ?? []) as AccountRecord[]).map(view) };
}

/** Invite a user: an account linked to one of the township's people, who has no account yet. */
export async function inviteAccount(
  deps: TenancyDeps,
  principal: Principal,
  body: { username: string; personId: string; roles: Role[] },
) {
  const t = principal.tenantId;
  const person = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: tenancyKeys.person(t, body.personId) }),
    )
  ).Item;
  if (!person)
    throw new ValidationError(bilingual('no such person', '没有这个人员'), [
      {
        field: 'body.personId',
        reason: bilingual('not a person of this township', '不是本镇人员名册中的人'),
      },
    ]);
  if (person.accountId) {
    throw new ConflictError(bilingual('this person already has an account', '此人已开通账号'), [
      { field: 'body.personId', reason: bilingual('already has an account', '已开通账号') },
    ]);
  }
  const writes = accountWrites(deps, t, { ...body, name: person.name as string });
  const link: TransactItem = {
    Update: {
      TableName: deps.tableName,
      Key: tenancyKeys.person(t, body.personId),
      UpdateExpression: 'SET accountId = :a',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(accountId)',
      ExpressionAttributeValues: { ':a': writes.record.accountId },
    },
  };
  try {
    await commit(
      deps.doc,
      deps.tableName,
      [...writes.items, link],
      [],
      [
        {
          tenantId: t,
          actor: actorOf(principal),
          action: 'account.invite',
          entity: `account/${writes.record.accountId}`,
          after: writes.record,
        },
      ],
    );
  } catch (err) {
    if (cancellationCodes(err)?.[2] === 'ConditionalCheckFailed') {
      throw new ConflictError(bilingual('this person already has an account', '此人已开通账号'), [
        { field: 'body.personId', reason: bilingual('already has an account', '已开通账号') },
      ]);
    }
    usernameTaken(err, 1, body.username);
  }
  await deps.directory.provision(writes.user);
  return {
    ...view(writes.record),
    ...(writes.temporaryPassword ? { temporaryPassword: writes.temporaryPassword } : {}),
  };
}

/** Disable or re-enable an account: in zuofeng's records and in the identity provider. */
export async function setAccountEnabled(
  deps: TenancyDeps,
  principal: Principal,
  accountId: string,
  enabled: boolean,
) {
  const t = principal.tenantId;
  const before = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: tenancyKeys.account(t, accountId) }))
  ).Item as AccountRecord | undefined;
  if (!before) throw new NotFoundError(bilingual(`account ${accountId} not found`, '没有找到这个账号'));
  if (accountId === principal.userId && !enabled) {
    throw new ValidationError(bilingual('you cannot disable your own account', '不能停用自己的账号'), [
      { field: 'path.accountId', reason: bilingual('your own account', '这是您本人的账号') },
    ]);
  }
  const status = enabled ? 'active' : 'disabled';
  const after = { ...before, status } as AccountRecord;
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Update: {
          TableName: deps.tableName,
          Key: tenancyKeys.account(t, accountId),
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status },
        },
      },
      {
        Update: {
          TableName: deps.tableName,
          Key: sharedKeys.username(before.username),
          UpdateExpression: 'SET #s = :s',
          ConditionExpression: 'tenantId = :t',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': status, ':t': t },
        },
      },
    ],
    [],
    [
      {
        tenantId: t,
        actor: actorOf(principal),
        action: enabled ? 'account.enable' : 'account.disable',
        entity: `account/${accountId}`,
        before,
        after,
      },
    ],
  );
  await deps.directory.setEnabled(before.username, enabled);
  return view(after);
}
