import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SETTINGS } from '../../services/intake/src/app/settings';
import { defaultSettings } from '../../services/tenancy/src/domain/org';
import { submitAsResident } from '../support/feedback';
import { startTestRuntime, until } from '../support/runtime';

/**
 * The follow-up window (回访等待期) of a problem from the public follows the township's setting
 * (Settings.deadlines.followUpWindowDays, edited on the console's settings page through PUT /settings): a
 * submission for sign-off waits that many days for the resident's re-rating, counted from the submission, with
 * the setting in force at the time; a township whose settings lack it gets the tenancy default, 15 days.
 */
const T = 'twp-qingshan';
const DAY = 86_400_000;
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'basically_satisfied' };

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;
let formToken: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
  const link = await t.api('POST', '/form-links', { token: admin, body: { unitId: 'u-dongcun' } });
  expect(link.status).toBe(201);
  formToken = link.json.token;
});
afterAll(() => t?.stop());

/** A resident's complaint through the form, opened by intake as a problem from the public. */
async function publicProblem(complaint: string): Promise<string> {
  const res = await submitAsResident(t, formToken, { ratings, complaint });
  expect(res.status).toBe(201);
  const p = await until('the public problem in intake', async () => {
    const items = (await t.api('GET', '/problems?limit=100', { token: admin })).json.items as {
      problemId: string;
      description: string;
      source: string;
    }[];
    return items.find((i) => i.description === complaint);
  });
  expect(p.source).toBe('public');
  return p.problemId;
}

const problem = async (id: string) =>
  (await t.api('GET', `/problems/${id}/ledger`, { token: admin })).json.problem as {
    state: string;
    version: number;
    submittedAt?: string;
    followUpEndsAt?: string;
  };

async function move(id: string, action: string, extra: Record<string, unknown> = {}, token = admin) {
  const res = await t.api('POST', `/problems/${id}/transitions`, {
    token,
    body: { action, version: (await problem(id)).version, ...extra },
  });
  expect(res.status).toBe(200);
  return res.json;
}

/** Accept, plan, rectify with evidence and submit for sign-off (申请销号); returns the submitted problem. */
async function submitForSignOff(id: string) {
  await move(id, 'accept');
  const m = await t.api('POST', `/problems/${id}/measures`, {
    token: admin,
    body: {
      text: '清运垃圾',
      ownerId: 'p-qingshan-cadre',
      dueOn: '2026-12-31',
      version: (await problem(id)).version,
    },
  });
  expect(m.status).toBe(201);
  await move(id, 'start');
  const u = await t.api('POST', `/problems/${id}/measures/${m.json.measureId}/updates`, {
    token: admin,
    body: {
      text: '已清运',
      evidence: [
        { key: `evidence/${T}/k/photo.jpg`, name: 'photo.jpg', contentType: 'image/jpeg', size: 2000 },
      ],
      version: (await problem(id)).version,
    },
  });
  expect(u.status).toBe(201);
  expect((await move(id, 'submit')).state).toBe('submitted');
  return problem(id);
}

/** The window of the current sign-off round, in days after its submission. */
function windowDays(p: { submittedAt?: string; followUpEndsAt?: string }): number {
  expect(p.submittedAt).toBeDefined();
  expect(p.followUpEndsAt).toBeDefined();
  return (Date.parse(p.followUpEndsAt!) - Date.parse(p.submittedAt!)) / DAY;
}

/** Change the window through the real settings route, with the version just read. */
async function setWindow(days: number) {
  const current = await t.api('GET', '/settings', { token: admin });
  expect(current.status).toBe(200);
  const { updatedAt: _u, ...settings } = current.json;
  const put = await t.api('PUT', '/settings', {
    token: admin,
    body: { ...settings, deadlines: { ...settings.deadlines, followUpWindowDays: days } },
  });
  expect(put.status).toBe(200);
  expect(put.json.deadlines.followUpWindowDays).toBe(days);
}

it("intake's fallback is the tenancy default", () => {
  expect(DEFAULT_SETTINGS.followUpWindowDays).toBe(defaultSettings(new Date()).deadlines.followUpWindowDays);
  expect(DEFAULT_SETTINGS.followUpWindowDays).toBe(15);
});

describe("a public problem's follow-up window", () => {
  let underDefault: string;

  it('is the default 15 days while the township keeps its default settings', async () => {
    underDefault = await publicProblem(`村口路灯不亮。${Date.now()}`);
    const p = await submitForSignOff(underDefault);
    expect(windowDays(p)).toBe(15);
    // The window is open: without the resident's re-rating it cannot be signed off yet.
    const early = await t.api('POST', `/problems/${underDefault}/transitions`, {
      token: await t.token('qingshan.inspection'),
      body: { action: 'signOff', version: p.version },
    });
    expect(early.status).toBe(409);
  });

  it("is the township's followUpWindowDays set through PUT /settings, from the next submission on", async () => {
    await setWindow(7);
    const id = await publicProblem(`垃圾桶三周没人清运。${Date.now()}`);
    expect(windowDays(await submitForSignOff(id))).toBe(7);

    // A round already under way keeps the window it started with; its next round takes the new setting.
    expect(windowDays(await problem(underDefault))).toBe(15);
    await move(underDefault, 'reject', { reason: '清运不彻底' }, await t.token('qingshan.inspection'));
    await move(underDefault, 'resume');
    expect((await move(underDefault, 'submit')).state).toBe('submitted');
    expect(windowDays(await problem(underDefault))).toBe(7);
  });

  it('falls back to 15 days when the settings item lacks the window', async () => {
    await setWindow(30);
    // A settings item written before the window existed: the field is absent.
    await t.doc.send(
      new UpdateCommand({
        TableName: t.tableName,
        Key: { pk: `T#${T}`, sk: 'SETTINGS' },
        UpdateExpression: 'REMOVE deadlines.followUpWindowDays',
      }),
    );
    const id = await publicProblem(`河道漂浮物没人打捞。${Date.now()}`);
    expect(windowDays(await submitForSignOff(id))).toBe(15);
  });
});
