import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, ConflictError, NotFoundError, type Principal } from '@zuofeng/core';
import { cancellationCodes, commit, sharedKeys, type TenantProfile, type TransactItem } from '@zuofeng/ddb';
import { ulid } from 'ulid';
import { defaultSettings, maskPhone } from '../domain/org';
import { type AccountRecord, accountWrites, actorOf, usernameTaken } from './accounts';
import type { TenancyDeps } from './deps';
import { stripKeys, tenancyKeys } from './keys';

interface CountyTownship {
  townshipId: string;
  name: string;
  code: string;
  status: 'active' | 'suspended';
  createdAt: string;
  adminUsername?: string;
}

/** The county's townships, from the county's own list (never by reading the townships' partitions). */
export async function listTownships(deps: TenancyDeps, countyId: string) {
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenancyKeys.countyTownships(countyId) },
    }),
  );
  return { items: (out.Items ?? []).map((i) => stripKeys(i) as unknown as CountyTownship) };
}

/**
 * Onboard a township: its profile, its registry entry, the county's list entry, its default settings and its
 * first admin's account, in one transaction; then the admin is invited by the identity provider.
 */
export async function createTownship(
  deps: TenancyDeps,
  principal: Principal,
  body: { name: string; code: string; admin: { name: string; username: string; phone?: string } },
  extra: { items?: TransactItem[]; audit?: string } = {},
) {
  const countyId = principal.tenantId;
  const townshipId = `twp-${body.code}`;
  const now = deps.now().toISOString();
  const profile: TenantProfile = {
    tenantId: townshipId,
    name: body.name,
    tenantType: 'township',
    countyId,
    status: 'active',
    code: body.code,
    createdAt: now,
  };
  const entry: CountyTownship = {
    townshipId,
    name: body.name,
    code: body.code,
    status: 'active',
    createdAt: now,
    adminUsername: body.admin.username,
  };
  const admin = accountWrites(deps, townshipId, {
    username: body.admin.username,
    roles: ['township_admin'],
    name: body.admin.name,
  });
  const put = (Item: Record<string, unknown>, condition = true): TransactItem => ({
    Put: {
      TableName: deps.tableName,
      Item,
      ...(condition ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  });
  const items: TransactItem[] = [
    put({ ...sharedKeys.profile(townshipId), kind: 'tenant-profile', ...profile }),
    put({
      ...sharedKeys.registryEntry(townshipId),
      kind: 'registry-entry',
      tenantId: townshipId,
      tenantType: 'township',
      name: body.name,
      countyId,
    }),
    put({ ...tenancyKeys.countyTownship(countyId, townshipId), kind: 'county-township-entry', ...entry }),
    put({ ...tenancyKeys.settings(townshipId), kind: 'settings', ...defaultSettings(deps.now()) }),
    ...admin.items,
    ...(extra.items ?? []),
  ];
  try {
    await commit(
      deps.doc,
      deps.tableName,
      items,
      [],
      [
        {
          tenantId: countyId,
          actor: actorOf(principal),
          action: extra.audit ?? 'township.create',
          entity: `township/${townshipId}`,
          after: entry,
        },
        {
          tenantId: townshipId,
          actor: actorOf(principal),
          action: 'tenant.create',
          entity: `tenant/${townshipId}`,
          after: profile,
        },
      ],
    );
  } catch (err) {
    const codes = cancellationCodes(err);
    if (codes?.[0] === 'ConditionalCheckFailed' || codes?.[1] === 'ConditionalCheckFailed') {
      throw new ConflictError(
        bilingual(`a township with code ${body.code} exists`, `乡镇代码 ${body.code} 已被使用，请换一个`),
        [{ field: 'body.code', reason: bilingual('already used', '已被使用') }],
      );
    }
    if (codes?.slice(6).includes('ConditionalCheckFailed')) {
      throw new ConflictError(bilingual('decided by someone else meanwhile', '该申请刚刚已由他人审批'), [
        { field: 'path.applicationId', reason: bilingual('no longer pending', '已不是待审批状态') },
      ]);
    }
    usernameTaken(err, 5, body.admin.username);
  }
  await deps.directory.provision(admin.user);
  return {
    township: entry,
    admin: {
      accountId: admin.record.accountId,
      username: admin.record.username,
      ...(admin.temporaryPassword ? { temporaryPassword: admin.temporaryPassword } : {}),
    },
  };
}

/**
 * Suspend or reactivate a township of the caller's county. Suspended: its users cannot sign in (accounts are
 * disabled in the identity provider, and every request with an old token is refused), its form links stop
 * accepting. Nothing is deleted, and reactivation restores exactly the accounts that were active.
 */
export async function setTownshipStatus(
  deps: TenancyDeps,
  principal: Principal,
  townshipId: string,
  status: 'active' | 'suspended',
) {
  const countyId = principal.tenantId;
  const entryKey = tenancyKeys.countyTownship(countyId, townshipId);
  const before = (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: entryKey }))).Item as
    | CountyTownship
    | undefined;
  // Another county's township is simply not in this county's list.
  if (!before) throw new NotFoundError(bilingual(`township ${townshipId} not found`, '没有找到这个乡镇'));
  const after = { ...stripKeys(before as unknown as Record<string, unknown>), status } as CountyTownship;
  const set = (
    Key: Record<string, string>,
    condition: string,
    values: Record<string, unknown> = {},
  ): TransactItem => ({
    Update: {
      TableName: deps.tableName,
      Key,
      UpdateExpression: 'SET #s = :s',
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status, ...values },
    },
  });
  await commit(
    deps.doc,
    deps.tableName,
    [
      set(entryKey, 'attribute_exists(pk)'),
      set(sharedKeys.profile(townshipId), 'countyId = :c', { ':c': countyId }),
    ],
    [],
    [
      {
        tenantId: countyId,
        actor: actorOf(principal),
        action: status === 'suspended' ? 'township.suspend' : 'township.activate',
        entity: `township/${townshipId}`,
        before: stripKeys(before as unknown as Record<string, unknown>),
        after,
      },
      {
        tenantId: townshipId,
        actor: actorOf(principal),
        action: status === 'suspended' ? 'tenant.suspend' : 'tenant.activate',
        entity: `tenant/${townshipId}`,
        before: { status: before.status },
        after: { status },
      },
    ],
  );
  const accounts = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenancyKeys.accounts(townshipId) },
    }),
  );
  for (const a of (accounts.Items ?? []) as AccountRecord[]) {
    if (a.status !== 'disabled') await deps.directory.setEnabled(a.username, status === 'active');
  }
  return after;
}

// ── applications ──────────────────────────────────────────────────────────────────────────────────────
interface ApplicationRecord {
  applicationId: string;
  countyId: string;
  name: string;
  code: string;
  contactName: string;
  contactPhone: string;
  status: 'pending' | 'approved' | 'rejected';
  reason?: string;
  submittedAt: string;
  decidedAt?: string;
}

const applicationView = (a: ApplicationRecord) => ({
  applicationId: a.applicationId,
  name: a.name,
  code: a.code,
  contactName: a.contactName,
  contactPhoneMasked: maskPhone(a.contactPhone) ?? '',
  status: a.status,
  ...(a.reason ? { reason: a.reason } : {}),
  submittedAt: a.submittedAt,
  ...(a.decidedAt ? { decidedAt: a.decidedAt } : {}),
});

/** A township applies to join (a public route): the county decides. */
export async function applyAsTownship(
  deps: TenancyDeps,
  countyId: string,
  body: { name: string; code: string; contactName: string; contactPhone: string },
) {
  const county = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.profile(countyId) }))
  ).Item as TenantProfile | undefined;
  if (county?.tenantType !== 'county') {
    throw new NotFoundError('没有这个县', [{ field: 'path.countyId', reason: '县代码不正确' }]);
  }
  const applicationId = ulid(deps.now().getTime());
  const record: ApplicationRecord = {
    applicationId,
    countyId,
    ...body,
    status: 'pending',
    submittedAt: deps.now().toISOString(),
  };
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...tenancyKeys.application(countyId, applicationId), kind: 'application', ...record },
        },
      },
    ],
    [],
    [
      {
        tenantId: countyId,
        actor: { type: 'public', id: 'application' },
        action: 'application.submit',
        entity: `application/${applicationId}`,
        after: record,
      },
    ],
  );
  return { applicationId, message: '申请已提交，县活动办审核后会与联系人联系。' };
}

export async function listApplications(deps: TenancyDeps, countyId: string) {
  const out = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': tenancyKeys.applications(countyId) },
      ScanIndexForward: false,
    }),
  );
  return { items: ((out.Items ?? []) as ApplicationRecord[]).map(applicationView) };
}

async function pendingApplication(deps: TenancyDeps, countyId: string, applicationId: string) {
  const a = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: tenancyKeys.application(countyId, applicationId) }),
    )
  ).Item as ApplicationRecord | undefined;
  if (!a)
    throw new NotFoundError(bilingual(`application ${applicationId} not found`, '没有找到这份入驻申请'));
  if (a.status !== 'pending') {
    const done = a.status === 'approved' ? '已批准' : '已驳回';
    throw new ConflictError(bilingual(`application already ${a.status}`, `该申请${done}，不能再审批`), [
      { field: 'path.applicationId', reason: bilingual(`already ${a.status}`, done) },
    ]);
  }
  return a;
}

const decide = (
  deps: TenancyDeps,
  a: ApplicationRecord,
  status: 'approved' | 'rejected',
  reason?: string,
): TransactItem => ({
  Update: {
    TableName: deps.tableName,
    Key: tenancyKeys.application(a.countyId, a.applicationId),
    UpdateExpression: `SET #s = :s, decidedAt = :at${reason ? ', reason = :r' : ''}`,
    ConditionExpression: '#s = :pending',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: {
      ':s': status,
      ':at': deps.now().toISOString(),
      ':pending': 'pending',
      ...(reason ? { ':r': reason } : {}),
    },
  },
});

/** Approve: the township is created with the applicant as its first admin, and the application is closed. */
export async function approveApplication(
  deps: TenancyDeps,
  principal: Principal,
  applicationId: string,
  adminUsername: string,
) {
  const a = await pendingApplication(deps, principal.tenantId, applicationId);
  const created = await createTownship(
    deps,
    principal,
    {
      name: a.name,
      code: a.code,
      admin: { name: a.contactName, username: adminUsername, phone: a.contactPhone },
    },
    { items: [decide(deps, a, 'approved')], audit: 'application.approve' },
  );
  return {
    application: applicationView({ ...a, status: 'approved', decidedAt: deps.now().toISOString() }),
    ...created,
  };
}

export async function rejectApplication(
  deps: TenancyDeps,
  principal: Principal,
  applicationId: string,
  reason: string,
) {
  const a = await pendingApplication(deps, principal.tenantId, applicationId);
  const after = { ...a, status: 'rejected' as const, reason, decidedAt: deps.now().toISOString() };
  await commit(
    deps.doc,
    deps.tableName,
    [decide(deps, a, 'rejected', reason)],
    [],
    [
      {
        tenantId: a.countyId,
        actor: actorOf(principal),
        action: 'application.reject',
        entity: `application/${applicationId}`,
        before: a,
        after,
      },
    ],
  );
  return { application: applicationView(after) };
}
