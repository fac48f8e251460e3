import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { commit } from '@zuofeng/ddb';
import { type EventEnvelope, problemRecurred } from '@zuofeng/events';
import { busEventFromRecord } from '@zuofeng/messaging';
import { ulid } from 'ulid';
import { localClient } from '../../packages/local/src/dynamo';
import { dlqName } from '../../packages/local/src/queue-store';
import { ddbEndpoint } from '../support/ddb';
import { startTestRuntime, until } from '../support/runtime';

/**
 * The discipline service over HTTP on the local runtime: reports (信访举报) from filing to each of the three
 * conclusions, clarifications (澄清正名), error tolerance (容错纠错) applied for, approved and rejected, and the
 * accountability records of a recurrence (一犯再犯), once per event however often it is delivered.
 */
const T = 'twp-qingshan';
let t: Awaited<ReturnType<typeof startTestRuntime>>;
let doc: DynamoDBDocumentClient;
type Who = 'discipline' | 'cadre' | 'admin' | 'leader' | 'inspection' | 'baishui';
const tokens = {} as Record<Who, string>;

async function outbox(detailType: string) {
  const out = await doc.send(
    new QueryCommand({
      TableName: t.tableName,
      KeyConditionExpression: 'pk = :pk',
      FilterExpression: 'detailType = :d',
      ExpressionAttributeValues: { ':pk': `T#${T}#OUTBOX`, ':d': detailType },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => JSON.parse(String(i.event)) as EventEnvelope<Record<string, unknown>>);
}

const queueDrained = (queue: string) =>
  until(`${queue} to drain`, async () => ((await t.rt.store.list(queue)).length ? undefined : true));

beforeAll(async () => {
  t = await startTestRuntime();
  doc = DynamoDBDocumentClient.from(localClient(ddbEndpoint()));
  for (const who of ['discipline', 'cadre', 'admin', 'leader', 'inspection'] as const)
    tokens[who] = await t.token(`qingshan.${who}`);
  tokens.baishui = await t.token('baishui.discipline');
});
afterAll(() => t?.stop());

const report = (extra: Record<string, unknown> = {}) =>
  t.api('POST', '/reports', {
    token: tokens.discipline,
    body: {
      unitId: 'u-dangzhengban',
      personId: 'p-qingshan-cadre',
      aspectId: 'conduct',
      summary: `反映该干部办事拖沓、吃拿卡要（${ulid()}）`,
      receivedVia: 'letter',
      reporter: { name: '赵举报', phone: '13700001111' },
      ...extra,
    },
  });

describe('reports (信访举报)', () => {
  it('are filed and read by the discipline office alone, and bad input names its field', async () => {
    const filed = await report();
    expect(filed.status).toBe(201);
    expect(filed.json).toMatchObject({ status: 'open', hasReporter: true, personId: 'p-qingshan-cadre' });
    expect(filed.raw).not.toMatch(/赵举报|13700001111/);
    const id = filed.json.reportId as string;

    for (const who of ['cadre', 'admin', 'leader', 'inspection'] as const) {
      expect((await t.api('GET', '/reports', { token: tokens[who] })).status).toBe(403);
      expect((await t.api('GET', `/reports/${id}`, { token: tokens[who] })).status).toBe(403);
      const asThem = await t.api('POST', '/reports', {
        token: tokens[who],
        body: { unitId: 'u-dongcun', summary: '越权登记', receivedVia: 'visit' },
      });
      expect(asThem.status).toBe(403);
    }
    // Another township's office does not find it.
    expect((await t.api('GET', `/reports/${id}`, { token: tokens.baishui })).status).toBe(404);
    expect((await t.api('GET', `/reports/${id}`, { token: tokens.discipline })).json.reportId).toBe(id);
    const list = await t.api('GET', '/reports?status=open', { token: tokens.discipline });
    expect(list.json.items.map((r: { reportId: string }) => r.reportId)).toContain(id);

    const fields = async (body: unknown) =>
      (await t.api('POST', '/reports', { token: tokens.discipline, body })).json.errors.map(
        (e: { field: string }) => e.field,
      );
    expect(await fields({ unitId: 'u-dongcun', receivedVia: 'fax', summary: '' })).toEqual(
      expect.arrayContaining(['body.receivedVia', 'body.summary']),
    );
    expect(await fields({ unitId: 'u-nowhere', summary: '某事某事', receivedVia: 'visit' })).toEqual([
      'body.unitId',
    ]);
    expect(
      await fields({
        unitId: 'u-dongcun',
        personId: 'p-qingshan-cadre',
        summary: '某事某事',
        receivedVia: 'visit',
      }),
    ).toEqual(['body.personId']);
    expect(
      await fields({
        unitId: 'u-dongcun',
        summary: '某事某事',
        receivedVia: 'visit',
        reporter: { phone: 'abc' },
      }),
    ).toEqual(['body.reporter.phone']);

    // report.received went out with the report and without the reporter.
    const [event] = (await outbox('report.received')).filter((e) => e.data.reportId === id);
    expect(event?.data).toEqual({
      reportId: id,
      unitId: 'u-dangzhengban',
      personId: 'p-qingshan-cadre',
      aspectId: 'conduct',
      summary: filed.json.summary,
    });
  });

  it('open their reporter for the discipline office only, each opening audited', async () => {
    const id = (await report()).json.reportId as string;
    for (const who of ['cadre', 'admin', 'leader', 'inspection'] as const) {
      const r = await t.api('POST', `/reports/${id}/reporter/open`, {
        token: tokens[who],
        body: { reason: '想看看' },
      });
      expect(r.status).toBe(403);
      expect(r.raw).not.toMatch(/赵举报|13700001111/);
    }
    expect(
      (
        await t.api('POST', `/reports/${id}/reporter/open`, {
          token: tokens.baishui,
          body: { reason: '核查' },
        })
      ).status,
    ).toBe(404);
    const noReason = await t.api('POST', `/reports/${id}/reporter/open`, {
      token: tokens.discipline,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors[0].field).toBe('body.reason');

    const opened = await t.api('POST', `/reports/${id}/reporter/open`, {
      token: tokens.discipline,
      body: { reason: '约谈举报人核实细节' },
    });
    expect(opened.status).toBe(200);
    expect(opened.json.reporter).toEqual({ name: '赵举报', phone: '13700001111' });
    await t.api('POST', `/reports/${id}/reporter/open`, {
      token: tokens.discipline,
      body: { reason: '再次核实' },
    });
    const audit = (await t.api('GET', '/audit?limit=200', { token: tokens.admin })).json.items as {
      action: string;
      entity: string;
      actor: { id: string };
    }[];
    const openings = audit.filter(
      (a) => a.action === 'reporter.open' && a.entity === `report/${id}/reporter`,
    );
    expect(openings).toHaveLength(2);
    expect(openings[0]!.actor.id).toBe('usr-qingshan-discipline');

    const anonymous = await report({ reporter: undefined });
    expect(anonymous.json.hasReporter).toBe(false);
    expect(
      (
        await t.api('POST', `/reports/${anonymous.json.reportId}/reporter/open`, {
          token: tokens.discipline,
          body: { reason: '核查' },
        })
      ).status,
    ).toBe(404);
  });

  it('conclude as substantiated, with the 四种形态 disposition, on the problem intake opened', async () => {
    const filed = await report();
    const id = filed.json.reportId as string;
    // Intake opens a problem with source 信访举报 for the report; the conclusion finds it by the report's id.
    const problem = await until('intake to open the report’s problem', async () => {
      const r = await t.api('GET', '/problems?source=report&limit=100', { token: tokens.discipline });
      return (r.json.items as { problemId: string; description: string }[]).find(
        (p) => p.description === filed.json.summary,
      );
    });
    const conclude = (body: Record<string, unknown>) =>
      t.api('POST', `/reports/${id}/conclusion`, { token: tokens.discipline, body });

    const missing = await conclude({ outcome: 'substantiated', findings: '经核查属实' });
    expect(missing.status).toBe(400);
    expect(missing.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.disposition']);
    const unasked = await conclude({ outcome: 'unfounded', disposition: 2, findings: '经核查不属实' });
    expect(unasked.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.disposition']);
    expect((await conclude({ outcome: 'substantiated', disposition: 5, findings: '属实' })).status).toBe(400);
    expect(
      (
        await t.api('POST', `/reports/${id}/conclusion`, {
          token: tokens.cadre,
          body: { outcome: 'unfounded', findings: '我说不属实' },
        })
      ).status,
    ).toBe(403);

    const done = await conclude({
      outcome: 'substantiated',
      disposition: 2,
      findings: '经核查，反映问题基本属实',
    });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({
      status: 'concluded',
      problemId: problem.problemId,
      conclusion: { outcome: 'substantiated', disposition: 2 },
    });
    expect(done.json.clarification).toBeUndefined();
    const again = await conclude({ outcome: 'unfounded', findings: '改判为不属实' });
    expect(again.status).toBe(409);
    const [event] = (await outbox('report.concluded')).filter((e) => e.data.reportId === id);
    expect(event?.data).toEqual({
      reportId: id,
      problemId: problem.problemId,
      outcome: 'substantiated',
      disposition: 2,
    });
  });

  it('conclude as unfounded or malicious with a clarification (澄清正名) that everyone reads once published', async () => {
    const published = (await report()).json.reportId as string;
    const draft = (await report()).json.reportId as string;
    const malicious = (await report()).json.reportId as string;
    const a = await t.api('POST', `/reports/${published}/conclusion`, {
      token: tokens.discipline,
      body: {
        outcome: 'unfounded',
        findings: '经核查，所反映问题不属实',
        clarification: '经核查，反映该同志吃拿卡要问题不属实，予以澄清正名。',
        publishClarification: true,
      },
    });
    expect(a.status).toBe(200);
    expect(a.json.clarification).toMatchObject({
      published: true,
      outcome: 'unfounded',
      personId: 'p-qingshan-cadre',
    });
    const b = await t.api('POST', `/reports/${draft}/conclusion`, {
      token: tokens.discipline,
      body: { outcome: 'unfounded', findings: '经核查，所反映问题查无实据' },
    });
    expect(b.json.clarification.published).toBe(false);
    const c = await t.api('POST', `/reports/${malicious}/conclusion`, {
      token: tokens.discipline,
      body: { outcome: 'malicious', findings: '经核查，系捏造事实诬告陷害' },
    });
    expect(c.json).toMatchObject({
      conclusion: { outcome: 'malicious' },
      clarification: { published: false },
    });

    const seen = async (who: Who) =>
      (
        (await t.api('GET', '/clarifications', { token: tokens[who] })).json.items as { reportId: string }[]
      ).map((x) => x.reportId);
    for (const who of ['cadre', 'admin', 'leader', 'inspection'] as const) {
      expect(await seen(who)).toContain(published);
      expect(await seen(who)).not.toContain(draft);
    }
    expect(await seen('discipline')).toEqual(expect.arrayContaining([published, draft, malicious]));
    expect(await seen('baishui')).toEqual([]);

    const clarificationId = b.json.clarification.clarificationId as string;
    expect(
      (await t.api('POST', `/clarifications/${clarificationId}/publish`, { token: tokens.cadre })).status,
    ).toBe(403);
    expect(
      (await t.api('POST', `/clarifications/${clarificationId}/publish`, { token: tokens.baishui })).status,
    ).toBe(404);
    const pub = await t.api('POST', `/clarifications/${clarificationId}/publish`, {
      token: tokens.discipline,
    });
    expect(pub.json).toMatchObject({ published: true, publishedAt: expect.any(String) });
    expect(
      (await t.api('POST', `/clarifications/${clarificationId}/publish`, { token: tokens.discipline }))
        .status,
    ).toBe(409);
    expect(await seen('cadre')).toContain(draft);
    const concluded = (await outbox('report.concluded')).map((e) => [e.data.reportId, e.data.outcome]);
    expect(concluded).toEqual(
      expect.arrayContaining([
        [published, 'unfounded'],
        [draft, 'unfounded'],
        [malicious, 'malicious'],
      ]),
    );
  });
});

describe('error tolerance (容错纠错)', () => {
  const raise = async (aspectId: string) => {
    const r = await t.api('POST', '/problems', {
      token: tokens.cadre,
      body: { source: 'self', aspectId, description: `先行先试的探索未达预期（${ulid()}）` },
    });
    expect(r.status).toBe(201);
    return r.json.problemId as string;
  };
  const apply = (
    token: string,
    problemId: string,
    justification = '属于改革探索中的失误，已主动纠正，未造成损失',
  ) => t.api('POST', '/tolerance-applications', { token, body: { problemId, justification } });
  const decide = (token: string, id: string, body: unknown) =>
    t.api('POST', `/tolerance-applications/${id}/decision`, { token, body });

  it('is applied for by the cadre and approved by the discipline office, which marks and announces it', async () => {
    const problemId = await raise('planning');
    const applied = await apply(tokens.cadre, problemId);
    expect(applied.status).toBe(201);
    expect(applied.json).toMatchObject({
      status: 'pending',
      problemId,
      applicantUserId: 'usr-qingshan-cadre',
      applicantPersonId: 'p-qingshan-cadre',
      subjectPersonId: 'p-qingshan-cadre',
    });
    const id = applied.json.toleranceId as string;
    // One open application per problem; someone else's problem is not theirs to apply for.
    expect((await apply(tokens.cadre, problemId)).status).toBe(409);
    const leaders = await apply(tokens.leader, problemId);
    expect(leaders.status).toBe(403);
    expect(leaders.json.errors[0].field).toBe('body.problemId');
    expect((await apply(tokens.cadre, '01KAAAAAAAAAAAAAAAAAAAAAAA')).json.errors[0].field).toBe(
      'body.problemId',
    );
    const short = await apply(tokens.cadre, problemId, '短');
    expect(short.json.errors.map((e: { field: string }) => e.field)).toEqual(['body.justification']);

    const ids = async (who: Who) =>
      (
        (await t.api('GET', '/tolerance-applications', { token: tokens[who] })).json.items as {
          toleranceId: string;
        }[]
      ).map((x) => x.toleranceId);
    expect(await ids('cadre')).toContain(id);
    expect(await ids('discipline')).toContain(id);
    expect(await ids('leader')).not.toContain(id);
    expect(await ids('baishui')).toEqual([]);
    const queue = await t.api('GET', '/discipline/queue', { token: tokens.discipline });
    expect(queue.json.toleranceApplications.map((x: { toleranceId: string }) => x.toleranceId)).toContain(id);
    expect((await t.api('GET', '/discipline/queue', { token: tokens.cadre })).status).toBe(403);

    expect((await decide(tokens.cadre, id, { approve: true, reasons: '我批准我自己' })).status).toBe(403);
    expect((await decide(tokens.admin, id, { approve: true, reasons: '同意' })).status).toBe(403);
    expect((await decide(tokens.baishui, id, { approve: true, reasons: '同意' })).status).toBe(404);
    expect((await decide(tokens.discipline, id, { approve: true })).json.errors[0].field).toBe(
      'body.reasons',
    );
    const approved = await decide(tokens.discipline, id, {
      approve: true,
      reasons: '符合“三个区分开来”，予以容错',
    });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({
      status: 'approved',
      decision: {
        approve: true,
        reasons: '符合“三个区分开来”，予以容错',
        decidedBy: 'usr-qingshan-discipline',
      },
    });
    expect((await decide(tokens.discipline, id, { approve: false, reasons: '改主意' })).status).toBe(409);
    // The problem stays marked: no second application on it.
    expect((await apply(tokens.cadre, problemId)).status).toBe(409);
    const [event] = (await outbox('tolerance.approved')).filter((e) => e.data.applicationId === id);
    expect(event?.data).toEqual({ applicationId: id, problemId, personId: 'p-qingshan-cadre' });
    const queued = await t.api('GET', '/discipline/queue', { token: tokens.discipline });
    expect(
      queued.json.toleranceApplications.map((x: { toleranceId: string }) => x.toleranceId),
    ).not.toContain(id);
  });

  it('is rejected with reasons, announces nothing, and leaves room for a new application', async () => {
    const problemId = await raise('methods');
    const id = (await apply(tokens.cadre, problemId)).json.toleranceId as string;
    const rejected = await decide(tokens.discipline, id, {
      approve: false,
      reasons: '属于明知故犯，不予容错',
    });
    expect(rejected.json).toMatchObject({ status: 'rejected', decision: { approve: false } });
    expect((await outbox('tolerance.approved')).filter((e) => e.data.applicationId === id)).toEqual([]);
    const mine = await t.api('GET', '/tolerance-applications?status=rejected', { token: tokens.cadre });
    expect(mine.json.items.map((x: { toleranceId: string }) => x.toleranceId)).toContain(id);
    expect((await apply(tokens.cadre, problemId, '补充了新的情况说明，请求重新认定')).status).toBe(201);
    const audit = (await t.api('GET', '/audit?limit=200', { token: tokens.admin })).json.items as {
      action: string;
      entity: string;
    }[];
    expect(audit.filter((a) => a.entity === `tolerance/${id}`).map((a) => a.action)).toEqual([
      'tolerance.reject',
      'tolerance.apply',
    ]);
  });
});

describe('accountability (一犯再犯)', () => {
  it('holds the party and the responsible leader to account once per recurrence, redelivered or not', async () => {
    const problemId = ulid();
    const envelope = problemRecurred.create(
      { tenantId: T, actor: { type: 'system', id: 'e2e' }, correlationId: `e2e-${problemId}` },
      {
        problemId,
        earlierProblemId: ulid(),
        reason: 'same-subject-and-aspect',
        unitId: 'u-dangzhengban',
        personId: 'p-qingshan-cadre',
        responsibleLeaderId: 'p-qingshan-leader',
        aspectId: 'conduct',
      },
    );
    await commit(doc, t.tableName, [], [envelope]);
    type Rec = { recordId: string; problemId: string; subjectPersonId: string; role: string };
    const records = async () =>
      ((await t.api('GET', '/accountability?limit=200', { token: tokens.admin })).json.items as Rec[]).filter(
        (r) => r.problemId === problemId,
      );
    const first = await until('two accountability records', async () => {
      const r = await records();
      return r.length >= 2 ? r : undefined;
    });
    expect(first.map((r) => [r.role, r.subjectPersonId]).sort()).toEqual([
      ['leader', 'p-qingshan-leader'],
      ['party', 'p-qingshan-cadre'],
    ]);

    // A redelivery: the same event on the consumer's queue once more. It is applied as a duplicate: no record.
    const queue = 'discipline-on-problem-recurred';
    const row = (
      await doc.send(
        new QueryCommand({
          TableName: t.tableName,
          KeyConditionExpression: 'pk = :pk AND sk = :sk',
          ExpressionAttributeValues: { ':pk': `T#${T}#OUTBOX`, ':sk': envelope.metadata.eventId },
        }),
      )
    ).Items?.[0];
    expect(row).toBeDefined();
    const busEvent = busEventFromRecord(
      {
        eventName: 'INSERT',
        dynamodb: {
          NewImage: {
            kind: { S: 'outbox' },
            detailType: { S: String(row!.detailType) },
            source: { S: String(row!.source) },
            event: { S: String(row!.event) },
          },
        },
      },
      { id: ulid(), time: new Date(), region: 'local', account: '000000000000' },
    );
    await t.rt.store.send(queue, JSON.stringify(busEvent));
    await queueDrained(queue);
    expect(await t.rt.store.list(dlqName(queue))).toEqual([]);
    expect((await records()).map((r) => r.recordId).sort()).toEqual(first.map((r) => r.recordId).sort());

    // And through the whole path again: the outbox row re-inserted, carried by the stream and the bus.
    await doc.send(
      new DeleteCommand({
        TableName: t.tableName,
        Key: { pk: `T#${T}#OUTBOX`, sk: envelope.metadata.eventId },
      }),
    );
    await commit(doc, t.tableName, [], [envelope]);
    await new Promise((r) => setTimeout(r, 1000));
    await queueDrained(queue);
    expect(await records()).toHaveLength(2);

    // Who reads them: the discipline office and the campaign office.
    expect((await t.api('GET', '/accountability', { token: tokens.discipline })).status).toBe(200);
    for (const who of ['cadre', 'leader', 'inspection'] as const)
      expect((await t.api('GET', '/accountability', { token: tokens[who] })).status).toBe(403);
    expect(
      (
        await t.api('GET', '/accountability?subjectPersonId=p-qingshan-leader', { token: tokens.admin })
      ).json.items.every((r: Rec) => r.subjectPersonId === 'p-qingshan-leader'),
    ).toBe(true);
  });
});
