import { ulid } from 'ulid';
import { demoLinks } from '../../packages/local/src';
import { CJK, submitAsResident } from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';

/**
 * A complaint that names a cadre is treated like a report: the number its resident left is sealed from the
 * cadre it names. Residents name a cadre in the complaint's own words ("王书记", a full name); nothing else in
 * the form says who it is about. Here the township's call-back officer is 王建国, and a resident complains
 * about "王书记" through the real form: the officer cannot see even the mask, nor open it, while a complaint
 * about somebody else stays theirs to call back.
 */
const T = 'twp-qingshan';
const PHONE = '13787654321';
const ratings = { warmth: 'dissatisfied', solved: 'very_dissatisfied', happiness: 'dissatisfied' };

let t: Awaited<ReturnType<typeof startTestRuntime>>;
let admin: string;

beforeAll(async () => {
  t = await startTestRuntime();
  admin = await t.token('qingshan.admin');
  // The call-back officer's own person gets a real name (the demo's persons are named after their offices).
  const people = (await t.api('GET', '/people?limit=200', { token: admin })).json.items as {
    personId: string;
    name: string;
    postType: string;
    unitId: string;
    version: number;
  }[];
  const me = people.find((p) => p.personId === 'p-qingshan-admin')!;
  const renamed = await t.api('PUT', `/people/${me.personId}`, {
    token: admin,
    body: { name: '王建国', postType: me.postType, unitId: me.unitId, version: me.version },
  });
  expect(renamed.status).toBe(200);
});
afterAll(() => t?.stop());

async function complain(complaint: string) {
  const link = demoLinks(TEST_SECRET).find((l) => l.token.startsWith(`${T}.`))!;
  const res = await submitAsResident(t, link.token, { ratings, complaint, phone: PHONE, consent: true });
  expect(res.status).toBe(201);
  const list = await t.api('GET', '/feedback?limit=100', { token: admin });
  const row = (list.json.items as { feedbackId: string; complaint?: string; contact?: unknown }[]).find(
    (r) => r.complaint === complaint,
  )!;
  return { row, raw: list.raw };
}

it('seals the number from the cadre a complaint names by surname and title, and from nobody else', async () => {
  // Act
  const naming = await complain(`王书记答应修村口路灯，三个月了没动静 ${ulid()}`);
  const other = await complain(`李主任办低保让跑了三趟 ${ulid()}`);

  // Assess: the list
  expect(naming.raw).not.toContain(PHONE);
  expect(naming.row.contact).toEqual({ sealed: true, expiresAt: expect.any(String) });
  expect(other.row.contact).toMatchObject({ sealed: false, masked: '137****4321' });

  // Assess: opening
  const refused = await t.api('POST', `/feedback/${naming.row.feedbackId}/contact/open`, {
    token: admin,
    body: { reason: '回电核实' },
    headers: { 'accept-language': 'zh-CN' },
  });
  expect(refused.status).toBe(403);
  expect(refused.raw).not.toContain(PHONE);
  expect(refused.json.detail).toMatch(CJK);
  const opened = await t.api('POST', `/feedback/${other.row.feedbackId}/contact/open`, {
    token: admin,
    body: { reason: '回电告知办理进度' },
  });
  expect(opened.status).toBe(200);
  expect(opened.json.phone).toBe(PHONE);
});

it('seals it as well when the complaint gives the full name', async () => {
  const naming = await complain(`镇上的王建国同志态度很差 ${ulid()}`);
  expect(naming.row.contact).toEqual({ sealed: true, expiresAt: expect.any(String) });
  const refused = await t.api('POST', `/feedback/${naming.row.feedbackId}/contact/open`, {
    token: admin,
    body: { reason: '回电核实' },
  });
  expect(refused.status).toBe(403);
});
