import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { bilingual, ConflictError, ForbiddenError, NotFoundError, type Principal } from '@zuofeng/core';
import { commit, queryPage, type TransactItem } from '@zuofeng/ddb';
import { reportConcluded, reportReceived } from '@zuofeng/events';
import {
  type ClarificationRecord,
  clarificationView,
  clarifies,
  conclusionIssues,
  type Disposition,
  normalizeReporter,
  type Outcome,
  type ReceivedVia,
  type Reporter,
  type ReportRecord,
  reportView,
} from '../domain/report';
import type { DisciplineDeps } from './deps';
import { aspectIds, callerPerson, person, problem, problemOfReport, unitExists } from './directory';
import { bad, conditional } from './errors';
import { disciplineKeys, stripKeys } from './keys';

const actor = (p: Principal) => ({ type: 'user' as const, id: p.userId });

/** The encryption context of a reporter: it binds the ciphertext to this tenant and this report. */
export const reporterContext = (tenantId: string, reportId: string) => ({ tenantId, reportId });

export interface FileReportInput {
  unitId: string;
  personId?: string;
  aspectId?: string;
  summary: string;
  receivedVia: ReceivedVia;
  reporter?: Reporter;
}

/**
 * Record a report (信访举报). The reporter, if anyone is named, is sealed (encrypted with the tenant and report
 * as its context) and stored in the sealed partition, apart from the report, which keeps only `hasReporter`.
 * The report, the sealed item, `report.received` (which carries no trace of the reporter) and the audit entry
 * (digests of the report only) commit together.
 */
export async function fileReport(
  deps: DisciplineDeps,
  principal: Principal,
  input: FileReportInput,
  correlationId: string,
) {
  const t = principal.tenantId;
  if (!(await unitExists(deps, t, input.unitId)))
    throw bad('body.unitId', bilingual('not a unit of this township', '不是本镇的单位'));
  if (input.personId) {
    const accused = await person(deps, t, input.personId);
    if (!accused)
      throw bad('body.personId', bilingual('not a person of this township', '不是本镇人员名册中的人'));
    if (accused.unitId !== input.unitId)
      throw bad('body.personId', bilingual('this person is not in that unit', '此人不在所选单位'));
  }
  if (input.aspectId && !(await aspectIds(deps, t)).includes(input.aspectId))
    throw bad('body.aspectId', bilingual('not an aspect of this township', '不是本镇设置的问题方面'));
  const reporter = normalizeReporter(input.reporter);
  const now = deps.now();
  const reportId = deps.newId();
  const record: ReportRecord = {
    reportId,
    unitId: input.unitId,
    ...(input.personId ? { personId: input.personId } : {}),
    ...(input.aspectId ? { aspectId: input.aspectId } : {}),
    summary: input.summary,
    receivedVia: input.receivedVia,
    hasReporter: !!reporter,
    status: 'open',
    receivedAt: now.toISOString(),
    receivedBy: principal.userId,
    version: 1,
  };
  const items: TransactItem[] = [
    {
      Put: {
        TableName: deps.tableName,
        Item: {
          ...disciplineKeys.report(t, reportId),
          gsi1pk: disciplineKeys.reportsByStatus(t, 'open'),
          gsi1sk: reportId,
          kind: 'report',
          ...record,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
  if (reporter) {
    items.push({
      Put: {
        TableName: deps.tableName,
        Item: {
          ...disciplineKeys.sealedReporter(t, reportId),
          kind: 'sealed-reporter',
          sealedBy: deps.sealer.kind,
          ciphertext: await deps.sealer.seal(JSON.stringify(reporter), reporterContext(t, reportId)),
          sealedAt: record.receivedAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  const event = reportReceived.create(
    { tenantId: t, actor: actor(principal), correlationId, occurredAt: now },
    {
      reportId,
      unitId: record.unitId,
      ...(record.personId ? { personId: record.personId } : {}),
      ...(record.aspectId ? { aspectId: record.aspectId } : {}),
      summary: record.summary,
    },
  );
  await commit(
    deps.doc,
    deps.tableName,
    items,
    [event],
    [
      {
        tenantId: t,
        actor: actor(principal),
        action: 'report.file',
        entity: `report/${reportId}`,
        after: record,
      },
    ],
  );
  return reportView(record);
}

async function reportOf(deps: DisciplineDeps, t: string, reportId: string): Promise<ReportRecord> {
  const item = (
    await deps.doc.send(
      new GetCommand({
        TableName: deps.tableName,
        Key: disciplineKeys.report(t, reportId),
        ConsistentRead: true,
      }),
    )
  ).Item as ReportRecord | undefined;
  if (!item) throw new NotFoundError(bilingual(`report ${reportId} not found`, '没有找到这件信访举报'));
  return item;
}

const alreadyPublished = () =>
  new ConflictError(bilingual('already published', '这条澄清正名已经公开'), [
    { field: 'path.clarificationId', reason: bilingual('already published', '已公开') },
  ]);

export async function getReport(deps: DisciplineDeps, t: string, reportId: string) {
  return reportView(await reportOf(deps, t, reportId));
}

export async function listReports(
  deps: DisciplineDeps,
  t: string,
  q: { limit: number; cursor?: string; status?: 'open' | 'concluded' },
) {
  const page = q.status
    ? await queryPage<ReportRecord>(deps.doc, {
        TableName: deps.tableName,
        IndexName: 'gsi1',
        pkAttr: 'gsi1pk',
        pk: disciplineKeys.reportsByStatus(t, q.status),
        limit: q.limit,
        cursor: q.cursor,
        ScanIndexForward: false,
      })
    : await queryPage<ReportRecord>(deps.doc, {
        TableName: deps.tableName,
        pk: disciplineKeys.reports(t),
        limit: q.limit,
        cursor: q.cursor,
        ScanIndexForward: false,
      });
  return { items: page.items.map(reportView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/**
 * Open a report's sealed reporter, for the discipline office (the route's action admits no one else). The
 * accused never opens it, even when they sit in the office. The opening is logged (who, when, why) and
 * audited in one transaction before the identity is handed out; if that record cannot be written, nothing
 * is revealed.
 */
export async function openReporter(
  deps: DisciplineDeps,
  principal: Principal,
  reportId: string,
  reason: string,
) {
  const t = principal.tenantId;
  const report = await reportOf(deps, t, reportId);
  if (report.personId) {
    const me = await callerPerson(deps, principal);
    if (me?.personId === report.personId)
      throw new ForbiddenError(
        bilingual(
          'the accused may not open the reporter of a report against them',
          '被反映人不能查看反映自己的信访举报的举报人身份',
        ),
        [
          {
            field: 'path.reportId',
            reason: bilingual('you are the person this report is about', '您是这件信访举报的被反映人'),
          },
        ],
      );
  }
  const sealed = report.hasReporter
    ? (
        await deps.doc.send(
          new GetCommand({ TableName: deps.tableName, Key: disciplineKeys.sealedReporter(t, reportId) }),
        )
      ).Item
    : undefined;
  if (!sealed)
    throw new NotFoundError(
      bilingual(
        'this report has no reporter on record (anonymous)',
        '这件信访举报是匿名的，没有举报人身份可查看',
      ),
    );
  const reporter = JSON.parse(
    await deps.sealer.open(sealed.ciphertext as string, reporterContext(t, reportId)),
  ) as Reporter;
  const openedAt = deps.now().toISOString();
  const openingId = deps.newId();
  await commit(
    deps.doc,
    deps.tableName,
    [
      {
        Put: {
          TableName: deps.tableName,
          Item: {
            ...disciplineKeys.opening(t, reportId, openingId),
            kind: 'reporter-opening',
            reportId,
            openedBy: principal.userId,
            openedAt,
            reason,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
    [],
    [
      {
        tenantId: t,
        actor: actor(principal),
        action: 'reporter.open',
        entity: `report/${reportId}/reporter`,
        after: { openingId, reason, openedAt },
      },
    ],
  );
  return { reportId, reporter, openedAt };
}

export interface ConcludeInput {
  outcome: Outcome;
  disposition?: Disposition;
  findings: string;
  clarification?: string;
  publishClarification: boolean;
  problemId?: string;
}

/**
 * Conclude a report (核查结论), once: substantiated with its 四种形态 disposition, unfounded, or malicious.
 * A report found untrue gets a clarification record (澄清正名), published at once if asked. The report,
 * the clarification, `report.concluded` and the audit entry commit together; a report concluded meanwhile
 * by someone else is a 409 and nothing is written.
 */
export async function concludeReport(
  deps: DisciplineDeps,
  principal: Principal,
  reportId: string,
  input: ConcludeInput,
  correlationId: string,
) {
  const t = principal.tenantId;
  const issue = conclusionIssues(input)[0];
  if (issue) throw bad(`body.${issue.field}`, issue.reason);
  const report = await reportOf(deps, t, reportId);
  if (report.status !== 'open')
    throw new ConflictError(bilingual('this report is already concluded', '这件信访举报已有核查结论'), [
      { field: 'path.reportId', reason: bilingual('already concluded', '已办结') },
    ]);
  let problemId = input.problemId;
  if (problemId) {
    if (!(await problem(deps, t, problemId)))
      throw bad('body.problemId', bilingual('not a problem of this township', '不是本镇问题清单中的问题'));
  } else {
    problemId = report.problemId ?? (await problemOfReport(deps, t, report.unitId, reportId));
  }
  const now = deps.now();
  const at = now.toISOString();
  const conclusion = {
    outcome: input.outcome,
    ...(input.disposition ? { disposition: input.disposition } : {}),
    findings: input.findings,
    concludedAt: at,
    concludedBy: principal.userId,
  };
  const clarification: ClarificationRecord | undefined = clarifies(input.outcome)
    ? {
        clarificationId: deps.newId(),
        reportId,
        unitId: report.unitId,
        ...(report.personId ? { personId: report.personId } : {}),
        statement: input.clarification ?? input.findings,
        outcome: input.outcome,
        published: input.publishClarification,
        createdAt: at,
        ...(input.publishClarification ? { publishedAt: at } : {}),
      }
    : undefined;
  const after: ReportRecord = {
    ...report,
    status: 'concluded',
    conclusion,
    ...(problemId ? { problemId } : {}),
    ...(clarification ? { clarificationId: clarification.clarificationId } : {}),
    version: report.version + 1,
  };
  const set: Record<string, unknown> = {
    status: 'concluded',
    gsi1pk: disciplineKeys.reportsByStatus(t, 'concluded'),
    conclusion,
    version: after.version,
    ...(problemId ? { problemId } : {}),
    ...(clarification ? { clarificationId: clarification.clarificationId } : {}),
  };
  const names = Object.keys(set);
  const event = reportConcluded.create(
    { tenantId: t, actor: actor(principal), correlationId, occurredAt: now },
    {
      reportId,
      ...(problemId ? { problemId } : {}),
      outcome: input.outcome,
      ...(input.disposition ? { disposition: input.disposition } : {}),
    },
  );
  await conditional(
    () =>
      commit(
        deps.doc,
        deps.tableName,
        [
          {
            Update: {
              TableName: deps.tableName,
              Key: disciplineKeys.report(t, reportId),
              UpdateExpression: `SET ${names.map((_n, i) => `#f${i} = :v${i}`).join(', ')}`,
              ConditionExpression: '#status = :open AND version = :version',
              ExpressionAttributeNames: {
                '#status': 'status',
                ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
              },
              ExpressionAttributeValues: {
                ':open': 'open',
                ':version': report.version,
                ...Object.fromEntries(names.map((n, i) => [`:v${i}`, set[n]])),
              },
            },
          },
          ...(clarification
            ? [
                {
                  Put: {
                    TableName: deps.tableName,
                    Item: {
                      ...disciplineKeys.clarification(t, clarification.clarificationId),
                      kind: 'clarification',
                      ...clarification,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                } satisfies TransactItem,
              ]
            : []),
        ],
        [event],
        [
          {
            tenantId: t,
            actor: actor(principal),
            action: `report.conclude.${input.outcome}`,
            entity: `report/${reportId}`,
            before: report,
            after,
          },
        ],
      ),
    () =>
      new ConflictError(
        bilingual(
          'the report changed since you read it: it was concluded meanwhile; nothing was saved',
          '这件信访举报刚刚已由他人提交核查结论，您的结论没有保存',
        ),
        [{ field: 'path.reportId', reason: bilingual('already concluded', '已办结') }],
      ),
  );
  return {
    ...reportView(after),
    ...(clarification ? { clarification: clarificationView(clarification) } : {}),
  };
}

/** Clarifications: the published ones for everyone; drafts too for those who manage reports. */
export async function listClarifications(
  deps: DisciplineDeps,
  t: string,
  includeDrafts: boolean,
  q: { limit: number; cursor?: string },
) {
  const page = await queryPage<ClarificationRecord>(deps.doc, {
    TableName: deps.tableName,
    pk: disciplineKeys.clarifications(t),
    limit: q.limit,
    cursor: q.cursor,
    ScanIndexForward: false,
    ...(includeDrafts
      ? {}
      : { FilterExpression: 'published = :yes', ExpressionAttributeValues: { ':yes': true } }),
  });
  return {
    items: page.items.map(clarificationView),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

export async function publishClarification(
  deps: DisciplineDeps,
  principal: Principal,
  clarificationId: string,
) {
  const t = principal.tenantId;
  const key = disciplineKeys.clarification(t, clarificationId);
  const before = (
    await deps.doc.send(new GetCommand({ TableName: deps.tableName, Key: key, ConsistentRead: true }))
  ).Item as ClarificationRecord | undefined;
  if (!before)
    throw new NotFoundError(bilingual(`clarification ${clarificationId} not found`, '没有找到这条澄清正名'));
  if (before.published) throw alreadyPublished();
  const after: ClarificationRecord = {
    ...(stripKeys(before as never) as unknown as ClarificationRecord),
    published: true,
    publishedAt: deps.now().toISOString(),
  };
  await conditional(
    () =>
      commit(
        deps.doc,
        deps.tableName,
        [
          {
            Update: {
              TableName: deps.tableName,
              Key: key,
              UpdateExpression: 'SET published = :yes, publishedAt = :at',
              ConditionExpression: 'published = :no',
              ExpressionAttributeValues: { ':yes': true, ':no': false, ':at': after.publishedAt },
            },
          },
        ],
        [],
        [
          {
            tenantId: t,
            actor: actor(principal),
            action: 'clarification.publish',
            entity: `clarification/${clarificationId}`,
            before,
            after,
          },
        ],
      ),
    alreadyPublished,
  );
  return clarificationView(after);
}
