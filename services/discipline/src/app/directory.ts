import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Principal } from '@zuofeng/core';
import { sharedKeys } from '@zuofeng/ddb';
import { intakeKeys } from '@zuofeng/intake/src/app/keys';
import { tenancyKeys } from '@zuofeng/tenancy/src/app/keys';
import type { DisciplineDeps } from './deps';

/**
 * What the discipline service reads of other services' records (never writes): people and units (tenancy),
 * the aspects of the settings, and problems (intake). Keys come from their owners' declarations.
 */
const get = async (deps: DisciplineDeps, Key: Record<string, string>) =>
  (await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key }))).Item;

export interface PersonRef {
  personId: string;
  unitId: string;
}

export async function person(
  deps: DisciplineDeps,
  t: string,
  personId: string,
): Promise<PersonRef | undefined> {
  const p = await get(deps, tenancyKeys.person(t, personId));
  return p ? { personId, unitId: p.unitId as string } : undefined;
}

/** The caller's own person: sign-in name → account → person, within the caller's tenant only. */
export async function callerPerson(deps: DisciplineDeps, p: Principal): Promise<PersonRef | undefined> {
  if (!p.username) return undefined;
  const user = await get(deps, sharedKeys.username(p.username));
  if (!user || user.tenantId !== p.tenantId) return undefined;
  const account = await get(deps, tenancyKeys.account(p.tenantId, user.accountId as string));
  if (!account?.personId) return undefined;
  return person(deps, p.tenantId, account.personId as string);
}

export async function unitExists(deps: DisciplineDeps, t: string, unitId: string): Promise<boolean> {
  return !!(await get(deps, sharedKeys.unit(t, unitId)));
}

export async function aspectIds(deps: DisciplineDeps, t: string): Promise<string[]> {
  const s = await get(deps, tenancyKeys.settings(t));
  return ((s?.aspects as { id: string }[] | undefined) ?? []).map((a) => a.id);
}

export interface ProblemRef {
  problemId: string;
  unitId: string;
  personId?: string;
  responsibleLeaderId?: string;
  source?: string;
}

export async function problem(
  deps: DisciplineDeps,
  t: string,
  problemId: string,
): Promise<ProblemRef | undefined> {
  const p = await get(deps, intakeKeys.problem(t, problemId));
  return p as ProblemRef | undefined;
}

/**
 * The problem intake opened for a report (source 信访举报), found among its unit's problems by the report id
 * intake keeps on it. Undefined while intake has not opened it yet.
 */
export async function problemOfReport(
  deps: DisciplineDeps,
  t: string,
  unitId: string,
  reportId: string,
): Promise<string | undefined> {
  const { gsi1pk } = intakeKeys.byUnit(t, unitId, reportId);
  let start: Record<string, unknown> | undefined;
  do {
    const out = await deps.doc.send(
      new QueryCommand({
        TableName: deps.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: 'reportId = :r',
        ExpressionAttributeValues: { ':pk': gsi1pk, ':r': reportId },
        ProjectionExpression: 'problemId',
        ExclusiveStartKey: start,
      }),
    );
    const hit = out.Items?.[0];
    if (hit) return hit.problemId as string;
    start = out.LastEvaluatedKey;
  } while (start);
  return undefined;
}
