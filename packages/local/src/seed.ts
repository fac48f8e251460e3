import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '@zuofeng/core';
import { sharedKeys, tenantPk } from '@zuofeng/ddb';
import type { FeedbackDeps } from '../../../services/feedback/src/app/deps';
import { feedbackKeys } from '../../../services/feedback/src/app/keys';
import { recordFeedback } from '../../../services/feedback/src/app/submit-feedback';
import { signFormLink } from '../../../services/feedback/src/domain/form-link';
import { tenancyKeys } from '../../../services/tenancy/src/app/keys';
import { defaultSettings } from '../../../services/tenancy/src/domain/org';
import {
  DEMO_COUNTY,
  DEMO_FEEDBACK,
  DEMO_PASSWORD,
  DEMO_TOWNSHIPS,
  DEMO_USERS,
  demoLinkId,
} from './demo-data';

const SEED_MARKER = { pk: tenantPk('platform'), sk: 'SEED#v2' };

export interface DemoLink {
  township: string;
  unit: string;
  token: string;
}

/** The signed tokens of the demo form links (the same on every start, for one secret). */
export function demoLinks(secret: string): DemoLink[] {
  return DEMO_TOWNSHIPS.flatMap((t, ti) =>
    t.units.map((u, ui) => ({
      township: t.name,
      unit: u.name,
      token: signFormLink(secret, { tenantId: t.tenantId, linkId: demoLinkId(ui, ti) }),
    })),
  );
}

/**
 * Seed the demo county on first start: tenants, units and form links, then a few residents' submissions
 * through the real use case, so that events flow and every view has something in it.
 */
export async function seedDemo(deps: FeedbackDeps): Promise<'seeded' | 'already-seeded'> {
  const doc: DynamoDBDocumentClient = deps.doc;
  const put = (Item: Record<string, unknown>) =>
    doc.send(new PutCommand({ TableName: deps.tableName, Item }));
  const seen = await doc.send(
    new GetCommand({ TableName: deps.tableName, Key: SEED_MARKER, ConsistentRead: true }),
  );
  if (seen.Item) return 'already-seeded';

  for (const tenant of [DEMO_COUNTY, ...DEMO_TOWNSHIPS]) {
    const { units: _u, ...profile } = tenant as typeof tenant & { units?: unknown };
    await put({ ...sharedKeys.profile(tenant.tenantId), kind: 'tenant-profile', ...profile });
    await put({
      ...sharedKeys.registryEntry(tenant.tenantId),
      kind: 'registry-entry',
      tenantType: tenant.tenantType,
      tenantId: tenant.tenantId,
      name: tenant.name,
    });
  }
  const now = new Date().toISOString();
  for (const [ti, township] of DEMO_TOWNSHIPS.entries()) {
    await put({
      ...tenancyKeys.countyTownship(DEMO_COUNTY.tenantId, township.tenantId),
      kind: 'county-township-entry',
      townshipId: township.tenantId,
      name: township.name,
      code: township.tenantId.replace(/^twp-/, ''),
      status: 'active',
      createdAt: now,
      adminUsername: DEMO_USERS.find(
        (u) => u.tenantId === township.tenantId && u.roles.includes('township_admin'),
      )?.username,
    });
    await put({
      ...tenancyKeys.settings(township.tenantId),
      kind: 'settings',
      ...defaultSettings(new Date()),
    });
    for (const [ui, unit] of township.units.entries()) {
      await put({ ...sharedKeys.unit(township.tenantId, unit.unitId), kind: 'unit', ...unit, version: 1 });
      const linkId = demoLinkId(ui, ti);
      await put({
        ...feedbackKeys.link(township.tenantId, linkId),
        kind: 'form-link',
        linkId,
        unitId: unit.unitId,
      });
    }
  }
  // Demo accounts: a person in the township (not for the county office), an account, and the sign-in name
  // with the demo password's hash, which is what the local identity provider signs in from.
  const passwordHash = hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    const accountId = user.sub;
    const township = DEMO_TOWNSHIPS.find((t) => t.tenantId === user.tenantId);
    let personId: string | undefined;
    if (township) {
      personId = `p-${user.username.replace(/\./g, '-')}`;
      const unitId = township.units.find((u) => u.unitType === 'office')?.unitId ?? township.units[0]!.unitId;
      await put({
        ...tenancyKeys.person(user.tenantId, personId),
        gsi1pk: tenancyKeys.peopleOfUnit(user.tenantId, unitId),
        gsi1sk: personId,
        kind: 'person',
        personId,
        name: user.name,
        postType: user.roles.includes('cadre') ? 'office_cadre' : 'leadership_member',
        unitId,
        title: user.name.replace(township.name, ''),
        accountId,
        version: 1,
      });
    }
    await put({
      ...tenancyKeys.account(user.tenantId, accountId),
      kind: 'account',
      accountId,
      username: user.username,
      ...(personId ? { personId } : {}),
      roles: user.roles,
      status: 'active',
      createdAt: now,
      name: user.name,
    });
    await put({
      ...sharedKeys.username(user.username),
      kind: 'username',
      username: user.username,
      tenantId: user.tenantId,
      accountId,
      roles: user.roles,
      status: 'active',
      name: user.name,
      passwordHash,
    });
  }
  const secret = await deps.formLinkSecret();
  for (const [i, f] of DEMO_FEEDBACK.entries()) {
    const ti = DEMO_TOWNSHIPS.findIndex((t) => t.tenantId === f.tenantId);
    const token = signFormLink(secret, { tenantId: f.tenantId, linkId: demoLinkId(f.unitIndex, ti) });
    const r = f.bad ? 'dissatisfied' : 'satisfied';
    // A trusted caller: the use case itself, without the public form's proof of work and limits.
    await recordFeedback(deps, {
      token,
      body: {
        ratings: { warmth: f.bad ? 'basically_satisfied' : 'very_satisfied', solved: r, happiness: r },
        complaint: f.complaint,
      },
      correlationId: `seed-${i}`,
    });
  }
  await put({ ...SEED_MARKER, kind: 'seed', seededAt: new Date().toISOString() });
  return 'seeded';
}
