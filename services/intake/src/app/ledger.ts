import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  bilingual,
  ConflictError,
  can,
  ForbiddenError,
  NotFoundError,
  type Principal,
  type Text,
  ValidationError,
} from '@zuofeng/core';
import { cancellationCodes, commit, queryAll, sharedKeys, type TransactItem } from '@zuofeng/ddb';
import { problemRecurred, problemReported, problemTransitioned } from '@zuofeng/events';
import { ulid } from 'ulid';
import {
  type ActorFacts,
  decide,
  type LifecycleAction,
  type ProblemFacts,
  STATE_ZH,
} from '../domain/lifecycle';
import { titleOf } from '../domain/problem';
import type { IntakeDeps } from './deps';
import { intakeKeys, newTimelineId } from './keys';
import { mayView } from './read-problems';
import { findEarlier, recurrenceWrites } from './recurrence';
import { followUpEnd, readSettings } from './settings';

export interface ProblemRecord extends ProblemFacts {
  problemId: string;
  aspectId?: string;
  unitId: string;
  personId?: string;
  title: string;
  description: string;
  causes: string[];
  directions: string[];
  severity: 'low' | 'medium' | 'high';
  responsibleLeaderId?: string;
  reportedAt: string;
  reportedBy: string;
  feedbackId?: string;
  version: number;
}

interface PersonRef {
  personId: string;
  unitId: string;
  name: string;
}

/** The caller's own person record, through their sign-in name → account → person. */
async function callerPerson(deps: IntakeDeps, p: Principal): Promise<PersonRef | undefined> {
  if (!p.username) return undefined;
  const user = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.username(p.username) }))
  ).Item;
  if (!user || user.tenantId !== p.tenantId) return undefined;
  const account = (
    await deps.doc.send(
      new GetCommand({
        TableName: deps.tableName,
        Key: { pk: `T#${p.tenantId}#ACCOUNT`, sk: user.accountId },
      }),
    )
  ).Item;
  if (!account?.personId) return undefined;
  return person(deps, p.tenantId, account.personId as string);
}

async function person(deps: IntakeDeps, tenantId: string, personId: string): Promise<PersonRef | undefined> {
  const item = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: { pk: `T#${tenantId}#PERSON`, sk: personId } }),
    )
  ).Item;
  return item ? { personId, unitId: item.unitId as string, name: item.name as string } : undefined;
}

async function unit(deps: IntakeDeps, tenantId: string, unitId: string) {
  return (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: sharedKeys.unit(tenantId, unitId) }))
  ).Item as { unitId: string; name: string; responsibleLeaderId?: string } | undefined;
}

async function aspects(deps: IntakeDeps, tenantId: string): Promise<string[]> {
  return (await readSettings(deps, tenantId)).aspects.map((a) => a.id);
}

const bad = (field: string, reason: Text) => new ValidationError(reason, [{ field, reason }]);

const notAPerson = bilingual('not a person of this township', '不是本镇人员名册中的人');
const notAUnit = bilingual('not a unit of this township', '不是本镇的单位');
const staleVersion = () =>
  new ConflictError(bilingual('stale version', '该问题刚被他人更新，请重新加载后再操作'), [
    { field: 'body.version', reason: bilingual('stale version', '内容已被他人修改') },
  ]);
const problemNotFound = (problemId: string) =>
  new NotFoundError(bilingual(`problem ${problemId} not found`, '没有找到这个问题'));

/** The staff sources as the console names them. */
const SOURCE_ZH: Record<RaiseInput['source'], string> = {
  self: '自己查',
  superior: '上级点',
  peer: '同级找',
  inspection: '督查发现',
};

export interface RaiseInput {
  source: 'self' | 'superior' | 'peer' | 'inspection';
  aspectId: string;
  unitId?: string;
  personId?: string;
  description: string;
  causes: string[];
  directions: string[];
  severity: 'low' | 'medium' | 'high';
}

/**
 * Raise a problem from one of the staff sources. Who may raise which source follows the permission matrix,
 * and the subject must fit the source: 自己查 is about oneself, 上级点 about one's own units' people, 同级找
 * about a colleague.
 */
export async function raiseProblem(deps: IntakeDeps, principal: Principal, input: RaiseInput) {
  const t = principal.tenantId;
  if (!can(principal.roles, `problems.raise.${input.source}`)) {
    throw new ForbiddenError(
      bilingual(
        `your roles may not raise "${input.source}" problems`,
        `您的角色不能登记“${SOURCE_ZH[input.source]}”的问题`,
      ),
      [{ field: 'body.source', reason: bilingual('not allowed for your roles', '您的角色不能选择此来源') }],
    );
  }
  if (!(await aspects(deps, t)).includes(input.aspectId))
    throw bad('body.aspectId', bilingual('not an aspect of this township', '不是本镇设置的问题方面'));
  const me = await callerPerson(deps, principal);
  let subject: PersonRef | undefined;
  if (input.personId) {
    subject = await person(deps, t, input.personId);
    if (!subject) throw bad('body.personId', notAPerson);
  }
  if (input.source === 'self') {
    if (!me)
      throw bad(
        'body.source',
        bilingual(
          'your account is not linked to a person',
          '您的账号还没有对应到人员名册中的人，请联系镇活动办',
        ),
      );
    if (subject && subject.personId !== me.personId)
      throw bad(
        'body.personId',
        bilingual('a self-examination problem is about yourself', '“自己查”的问题只能是本人的问题'),
      );
    subject = me;
  }
  if (input.source === 'peer') {
    if (!subject) throw bad('body.personId', bilingual('name the colleague', '请选择是哪位同事的问题'));
    if (me && subject.personId === me.personId)
      throw bad(
        'body.personId',
        bilingual('a peer problem is about someone else', '“同级找”的问题须是其他同事的问题，不能选本人'),
      );
  }
  const unitId = input.unitId ?? subject?.unitId;
  if (!unitId)
    throw bad('body.unitId', bilingual('name a unit, a person, or both', '请选择单位或人员，至少选一项'));
  const u = await unit(deps, t, unitId);
  if (!u) throw bad('body.unitId', notAUnit);
  if (subject && input.unitId && subject.unitId !== input.unitId)
    throw bad('body.personId', bilingual('this person is not in that unit', '此人不在所选单位'));
  if (
    input.source === 'superior' &&
    !principal.roles.includes('township_admin') &&
    u.responsibleLeaderId !== me?.personId
  ) {
    throw new ForbiddenError(
      bilingual('上级点 is for the units you are responsible for', '“上级点”只能登记您负责的单位的问题'),
      [{ field: 'body.unitId', reason: bilingual('not one of your units', '不是您负责的单位') }],
    );
  }
  const now = deps.now();
  const problemId = ulid(now.getTime());
  const record: ProblemRecord = {
    problemId,
    source: input.source,
    state: 'reported',
    aspectId: input.aspectId,
    unitId,
    ...(subject ? { personId: subject.personId } : {}),
    title: titleOf(input.description),
    description: input.description,
    causes: input.causes,
    directions: input.directions,
    severity: input.severity,
    ...(u.responsibleLeaderId ? { responsibleLeaderId: u.responsibleLeaderId } : {}),
    reportedAt: now.toISOString(),
    reportedBy: principal.userId,
    evidenceCount: 0,
    measureCount: 0,
    version: 1,
  };
  const ctx = {
    tenantId: t,
    actor: { type: 'user' as const, id: principal.userId },
    correlationId: ulid(),
    occurredAt: now,
  };
  const event = problemReported.create(ctx, {
    problemId,
    source: input.source,
    unitId,
    ...(subject ? { personId: subject.personId } : {}),
    title: record.title,
  });
  const earlier = await findEarlier(deps, t, record);
  const recurrence = earlier
    ? recurrenceWrites(deps, t, ctx, record, earlier.problemId, 'same-subject-and-aspect')
    : undefined;
  if (earlier) Object.assign(record, { recurrenceOf: earlier.problemId, recurred: true });
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...intakeKeys.problem(t, problemId),
            ...intakeKeys.byUnit(t, unitId, problemId),
            kind: 'problem',
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      timelinePut(deps, t, problemId, {
        at: now.toISOString(),
        actor: principal.userId,
        action: 'report',
        to: 'reported',
      }),
      ...(recurrence?.items ?? []),
    ],
    [event, ...(recurrence ? [recurrence.event] : [])],
    [
      {
        tenantId: t,
        actor: { type: 'user', id: principal.userId },
        action: 'problem.raise',
        entity: `problem/${problemId}`,
        after: record,
      },
    ],
  );
  return record;
}

function timelinePut(
  deps: IntakeDeps,
  t: string,
  problemId: string,
  entry: {
    at: string;
    actor: string;
    action: string;
    from?: string;
    to?: string;
    reason?: string;
    note?: string;
  },
): TransactItem {
  const id = newTimelineId();
  return {
    Put: {
      TableName: deps.tableName,
      Item: { ...intakeKeys.timeline(t, problemId, id), kind: 'timeline', entryId: id, ...entry },
    },
  };
}

async function problemOf(
  deps: IntakeDeps,
  t: string,
  problemId: string,
  principal?: Principal,
): Promise<ProblemRecord> {
  const item = (
    await deps.doc.send(
      new GetCommand({
        TableName: deps.tableName,
        Key: intakeKeys.problem(t, problemId),
        ConsistentRead: true,
      }),
    )
  ).Item as ProblemRecord | undefined;
  if (!item || (principal && !mayView(principal, item as unknown as Record<string, unknown>))) {
    throw problemNotFound(problemId);
  }
  return item;
}

async function actorFacts(
  deps: IntakeDeps,
  principal: Principal,
  p: ProblemRecord,
): Promise<ActorFacts & { personId?: string }> {
  const me = await callerPerson(deps, principal);
  const owners = new Set<string>(p.personId ? [p.personId] : []);
  const measures = await deps.doc.send(
    new QueryCommand({
      TableName: deps.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)',
      ExpressionAttributeValues: { ':pk': intakeKeys.ledger(principal.tenantId, p.problemId), ':m': 'M#' },
    }),
  );
  for (const m of measures.Items ?? []) owners.add(m.ownerId as string);
  return {
    roles: principal.roles,
    isResponsibleLeader: !!me && me.personId === p.responsibleLeaderId,
    isOwner: !!me && owners.has(me.personId),
    now: deps.now().toISOString(),
    ...(me ? { personId: me.personId } : {}),
  };
}

/** The version check that turns a stale write into a clear 409 with nothing lost. */
function bumpVersion(
  deps: IntakeDeps,
  t: string,
  p: ProblemRecord,
  set: Record<string, unknown>,
): TransactItem {
  const names = Object.keys(set);
  return {
    Update: {
      TableName: deps.tableName,
      Key: intakeKeys.problem(t, p.problemId),
      UpdateExpression: `SET ${['version = :next', ...names.map((_n, i) => `#f${i} = :v${i}`)].join(', ')}`,
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
      ExpressionAttributeValues: {
        ':v': p.version,
        ':next': p.version + 1,
        ...Object.fromEntries(names.map((n, i) => [`:v${i}`, set[n]])),
      },
    },
  };
}

async function commitVersioned(
  deps: IntakeDeps,
  ...args: Parameters<typeof commit> extends [unknown, unknown, ...infer R] ? R : never
) {
  try {
    await commit(deps.doc, deps.tableName, ...args);
  } catch (err) {
    if (cancellationCodes(err)?.[0] === 'ConditionalCheckFailed') {
      throw new ConflictError(
        bilingual(
          'the problem changed since you read it: reload it and try again; nothing was saved',
          '该问题刚被他人更新，您的操作没有保存；请重新加载后再操作',
        ),
        [{ field: 'body.version', reason: bilingual('stale version', '内容已被他人修改') }],
      );
    }
    throw err;
  }
}

/** Add a measure (整改措施) with its owner and deadline. */
export async function addMeasure(
  deps: IntakeDeps,
  principal: Principal,
  problemId: string,
  body: { text: string; ownerId: string; dueOn: string; version: number },
) {
  const t = principal.tenantId;
  const p = await problemOf(deps, t, problemId, principal);
  if (p.version !== body.version) throw staleVersion();
  if (p.state === 'closed' || p.state === 'submitted')
    throw new ConflictError(
      bilingual(
        `a ${p.state} problem takes no new measures`,
        `该问题当前状态为“${STATE_ZH[p.state]}”，不能新增整改措施`,
      ),
    );
  const a = await actorFacts(deps, principal, p);
  if (
    !a.isOwner &&
    !a.isResponsibleLeader &&
    !principal.roles.some((r) => r === 'township_admin' || r === 'inspection_office')
  ) {
    throw new ForbiddenError(
      bilingual(
        'only the subject, the responsible leader or the offices add measures',
        '只有问题对象本人、负责领导或镇活动办、督查办可以新增整改措施',
      ),
    );
  }
  if (!(await person(deps, t, body.ownerId))) throw bad('body.ownerId', notAPerson);
  const measureId = ulid().toLowerCase();
  const measure = {
    measureId,
    text: body.text,
    ownerId: body.ownerId,
    dueOn: body.dueOn,
    status: 'open',
    createdAt: deps.now().toISOString(),
  };
  await commitVersioned(
    deps,
    [
      bumpVersion(deps, t, p, { measureCount: p.measureCount + 1 }),
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...intakeKeys.measure(t, problemId, measureId), kind: 'measure', ...measure },
        },
      },
      timelinePut(deps, t, problemId, {
        at: measure.createdAt,
        actor: principal.userId,
        action: 'measure.add',
        note: body.text,
      }),
    ],
    [],
    [
      {
        tenantId: t,
        actor: { type: 'user', id: principal.userId },
        action: 'measure.add',
        entity: `problem/${problemId}/measure/${measureId}`,
        after: measure,
      },
    ],
  );
  return { ...measure, version: p.version + 1 };
}

/** A progress update on a measure: text and evidence (already uploaded through a presigned URL). */
export async function addProgress(
  deps: IntakeDeps,
  principal: Principal,
  problemId: string,
  measureId: string,
  body: {
    text: string;
    evidence: { key: string; name: string; contentType: string; size: number }[];
    done: boolean;
    version: number;
  },
) {
  const t = principal.tenantId;
  const p = await problemOf(deps, t, problemId, principal);
  if (p.version !== body.version) throw staleVersion();
  if (p.state !== 'rectifying' && p.state !== 'accepted')
    throw new ConflictError(
      bilingual(
        `a ${p.state} problem takes no progress updates`,
        `该问题当前状态为“${STATE_ZH[p.state]}”，不能报告整改进展`,
      ),
    );
  const m = (
    await deps.doc.send(
      new GetCommand({ TableName: deps.tableName, Key: intakeKeys.measure(t, problemId, measureId) }),
    )
  ).Item;
  if (!m) throw new NotFoundError(bilingual(`measure ${measureId} not found`, '没有找到这条整改措施'));
  for (const [i, e] of body.evidence.entries()) {
    if (!e.key.startsWith(`evidence/${t}/`))
      throw bad(
        `body.evidence.${i}.key`,
        bilingual('not an upload of this township', '不是本镇上传的佐证材料，请重新上传'),
      );
  }
  const a = await actorFacts(deps, principal, p);
  if (!a.isOwner && !a.isResponsibleLeader && !principal.roles.includes('township_admin')) {
    throw new ForbiddenError(
      bilingual(
        'only the measure owner, the subject or the responsible leader report progress',
        '只有措施责任人、问题对象本人或负责领导可以报告整改进展',
      ),
    );
  }
  const updateId = ulid();
  const at = deps.now().toISOString();
  const update = { updateId, measureId, text: body.text, evidence: body.evidence, by: principal.userId, at };
  await commitVersioned(
    deps,
    [
      bumpVersion(deps, t, p, { evidenceCount: p.evidenceCount + body.evidence.length }),
      {
        Put: {
          TableName: deps.tableName,
          Item: { ...intakeKeys.update(t, problemId, updateId), kind: 'progress', ...update },
        },
      },
      ...(body.done
        ? [
            {
              Update: {
                TableName: deps.tableName,
                Key: intakeKeys.measure(t, problemId, measureId),
                UpdateExpression: 'SET #s = :done, doneAt = :at',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':done': 'done', ':at': at },
              },
            } satisfies TransactItem,
          ]
        : []),
      timelinePut(deps, t, problemId, { at, actor: principal.userId, action: 'progress', note: body.text }),
    ],
    [],
    [
      {
        tenantId: t,
        actor: { type: 'user', id: principal.userId },
        action: 'measure.progress',
        entity: `problem/${problemId}/measure/${measureId}`,
        after: update,
      },
    ],
  );
  return { ...update, version: p.version + 1 };
}

/** Move a problem in its lifecycle, if the state machine allows this actor to; stale versions get a 409. */
export async function transition(
  deps: IntakeDeps,
  principal: Principal,
  problemId: string,
  body: { action: Exclude<LifecycleAction['type'], 'rerate'>; reason?: string; version: number },
) {
  const t = principal.tenantId;
  const p = await problemOf(deps, t, problemId, principal);
  const action = { type: body.action, reason: body.reason ?? '' } as LifecycleAction;
  const decision = decide(p, action, await actorFacts(deps, principal, p));
  if (!decision.ok) {
    if (decision.status === 403)
      throw new ForbiddenError(decision.text, [{ field: 'body.action', reason: decision.text }]);
    throw new ConflictError(decision.text, [{ field: 'body.action', reason: decision.text }]);
  }
  if (p.version !== body.version) throw staleVersion();
  const at = deps.now().toISOString();
  const event = problemTransitioned.create(
    {
      tenantId: t,
      actor: { type: 'user', id: principal.userId },
      correlationId: ulid(),
      // The same instant as the problem's `<state>At`: a re-rating names its round by it.
      occurredAt: new Date(at),
    },
    {
      problemId,
      unitId: p.unitId,
      ...(p.personId ? { personId: p.personId } : {}),
      from: p.state,
      to: decision.next,
      action: body.action,
      ...(body.reason ? { reason: body.reason } : {}),
    },
  );
  // A closed problem that has to be reopened is itself a recurrence (一犯再犯).
  const reopened =
    body.action === 'reopen'
      ? problemRecurred.create(
          {
            tenantId: t,
            actor: { type: 'user', id: principal.userId },
            correlationId: event.metadata.correlationId,
            occurredAt: deps.now(),
          },
          {
            problemId,
            earlierProblemId: problemId,
            reason: 'reopened',
            unitId: p.unitId,
            ...(p.personId ? { personId: p.personId } : {}),
            ...(p.responsibleLeaderId ? { responsibleLeaderId: p.responsibleLeaderId } : {}),
            ...(p.aspectId ? { aspectId: p.aspectId } : {}),
          },
        )
      : undefined;
  // A new round of sign-off starts from scratch: an old re-rating must not decide it. Its follow-up window
  // (回访等待期) runs from the submission (submittedAt) for the township's setting at that time.
  const round =
    body.action === 'submit'
      ? {
          rerating: null,
          followUpEndsAt: followUpEnd(at, (await readSettings(deps, t)).followUpWindowDays),
        }
      : {};
  await commitVersioned(
    deps,
    [
      bumpVersion(deps, t, p, {
        state: decision.next,
        [`${decision.next}At`]: at,
        ...round,
        ...(reopened ? { recurred: true } : {}),
      }),
      timelinePut(deps, t, problemId, {
        at,
        actor: principal.userId,
        action: body.action,
        from: p.state,
        to: decision.next,
        ...(body.reason ? { reason: body.reason } : {}),
      }),
    ],
    [event, ...(reopened ? [reopened] : [])],
    [
      {
        tenantId: t,
        actor: { type: 'user', id: principal.userId },
        action: `problem.${body.action}`,
        entity: `problem/${problemId}`,
        before: { state: p.state },
        after: { state: decision.next },
      },
    ],
  );
  return { ...p, state: decision.next, version: p.version + 1 };
}

/** A problem with its whole ledger: measures, progress updates with evidence, and the timeline. */
export async function problemDetail(deps: IntakeDeps, principal: Principal, problemId: string) {
  const tenantId = principal.tenantId;
  const p = await problemOf(deps, tenantId, problemId);
  if (!mayView(principal, p as unknown as Record<string, unknown>)) throw problemNotFound(problemId);
  const items = await queryAll(deps.doc, {
    TableName: deps.tableName,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': intakeKeys.ledger(tenantId, problemId) },
  });
  const strip = ({ pk: _p, sk: _s, kind: _k, ...rest }: Record<string, unknown>) => rest;
  const {
    pk: _p,
    sk: _s,
    gsi1pk: _g,
    gsi1sk: _gs,
    kind: _k,
    ...problem
  } = p as unknown as Record<string, unknown>;
  return {
    problem,
    measures: items.filter((i) => i.kind === 'measure').map(strip),
    updates: items.filter((i) => i.kind === 'progress').map(strip),
    timeline: items.filter((i) => i.kind === 'timeline').map(strip),
  };
}
