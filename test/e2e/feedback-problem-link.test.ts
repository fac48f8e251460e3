import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { demoLinks } from '../../packages/local/src';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import { submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET, until } from '../support/runtime';

/**
 * The staff feedback list links a complaint to the problem it became: once intake has opened the public
 * problem (and the feedback service's case projection has seen it), the row carries `problemId` and the
 * problem's state; a rating alone carries neither.
 */
const T = 'twp-qingshan';
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
});
afterAll(async () => {
  await t.stop();
});

interface Row {
  feedbackId: string;
  problemId?: string;
  problemState?: string;
}

const feedbackIdOf = async (code: string) =>
  (await t.doc.send(new GetCommand({ TableName: t.tableName, Key: feedbackKeys.receipt(T, code) }))).Item!
    .feedbackId as string;

const rowOf = async (feedbackId: string) => {
  const res = await t.api('GET', '/feedback?limit=100', { token: admin });
  expect(res.status).toBe(200);
  return (res.json.items as Row[]).find((i) => i.feedbackId === feedbackId);
};

describe('GET /feedback and the problem a complaint became', () => {
  it('shows problemId and its state once intake has opened the problem', async () => {
    // Prepare
    const [dongcun] = demoLinks(TEST_SECRET).map((l) => l.token) as [string];
    const complaint = `村口排水沟堵了 ${Date.now()}`;
    const withComplaint = await submitAsResident(t, dongcun, { ratings, complaint });
    const ratingOnly = await submitAsResident(t, dongcun, { ratings });
    expect(withComplaint.status).toBe(201);
    expect(ratingOnly.status).toBe(201);
    const feedbackId = await feedbackIdOf(withComplaint.json.receiptCode);
    const onlyId = await feedbackIdOf(ratingOnly.json.receiptCode);

    // Act
    const problem = await until('the public problem in intake', async () => {
      const items = (await t.api('GET', '/problems?limit=100', { token: admin })).json.items as {
        problemId: string;
        description: string;
      }[];
      return items.find((p) => p.description === complaint);
    });
    const row = await until('the problem on the feedback row', async () => {
      const r = await rowOf(feedbackId);
      return r?.problemId ? r : undefined;
    });

    // Assess
    expect(row).toMatchObject({ problemId: problem.problemId, problemState: 'reported' });
    const only = await rowOf(onlyId);
    expect(only).toBeDefined();
    expect(only!.problemId).toBeUndefined();
    expect(only!.problemState).toBeUndefined();
  });
});
