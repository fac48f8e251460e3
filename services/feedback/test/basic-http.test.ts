import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tenantPk } from '@zuofeng/ddb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { httpEvent, invoke } from '../../../packages/http/test/events/factory';
import { type AltchaChallenge, issuedAtOf, solveAltcha } from '../../../test/support/altcha';
import { clearOfWindowEdge, distinctOctets } from '../../../test/support/feedback';
import { BASIC_TICKET } from '../src/app/abuse/config';
import { issueTicket, ticketKey } from '../src/app/abuse/ticket';
import { feedbackKeys } from '../src/app/keys';
import { linkKeys } from '../src/app/link-keys';
import { A, CJK, feedbackHandlerFixture, SECRET } from './handler-fixture';

/**
 * The simple form (简易版, `/f/{token}/basic`) through the feedback handler, on DynamoDB Local: its pages,
 * what each refusal answers, and exactly what it writes. The proof is the page's signed ticket; everything
 * else is the JSON route's guard, counters included. Limits are lowered here (2 per address, 3 per link).
 */
const CODE = /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/;
const MIN_FILL_MS = 150;
const ENV = {
  FEEDBACK_MIN_FILL_MS: String(MIN_FILL_MS),
  FEEDBACK_RATE_PER_ADDRESS: '2',
  FEEDBACK_RATE_PER_LINK: '3',
  SEALING_KEY: Buffer.alloc(32, 5).toString('base64'),
};
const ratings = { warmth: 'satisfied', solved: 'dissatisfied', happiness: 'satisfied' };

const f = feedbackHandlerFixture('feedback-basic', ENV);
const { countItems, partition } = f;
const newLink = (fields: Record<string, unknown> = { unitId: 'u-dongcun' }) => f.newLink(fields);

const storedOn = async (linkId: string) =>
  (await partition(feedbackKeys.feedbackPartition(A))).filter((f) => f.formLinkId === linkId);

/** An address no other request of this file came from (test/support/feedback.ts). */
const randomIp = () => `10.${distinctOctets()}`;

const getPage = (
  path: string,
  route: string,
  params: Record<string, string>,
  query?: Record<string, string>,
) =>
  invoke(
    f.handler,
    httpEvent({ method: 'GET', path, route, pathParameters: params, ...(query ? { query } : {}) }),
  );
const getForm = (token: string) => getPage(`/f/${token}/basic`, '/f/{token}/basic', { token });

function postForm(
  token: string,
  fields: Record<string, string>,
  opts: { ip?: string; contentType?: string; raw?: string } = {},
) {
  const event: APIGatewayProxyEventV2 = httpEvent({
    method: 'POST',
    path: `/f/${token}/basic/send`,
    route: '/f/{token}/basic/send',
    pathParameters: { token },
    body: opts.raw ?? new URLSearchParams(fields).toString(),
    headers: { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' },
  });
  event.requestContext.http.sourceIp = opts.ip ?? randomIp();
  return invoke(f.handler, event);
}

const ticketOf = (html: string) => {
  const t = /<input type="hidden" name="ticket" value="([^"]+)">/.exec(html)?.[1];
  if (!t) throw new Error('no ticket on the page');
  return t;
};
const codeOf = (html: string) =>
  /<p class="code" aria-hidden="true">(.*?)<\/p>/.exec(html)?.[1]?.replace(/<\/?span>/g, '');
const alertOf = (html: string) => /<div class="alert" role="alert"><p>([^<]*)<\/p>/.exec(html)?.[1];

/** A page's ticket, past the minimum fill time. */
async function openedTicket(token: string): Promise<string> {
  const page = await getForm(token);
  expect(page.status).toBe(200);
  await new Promise((r) => setTimeout(r, MIN_FILL_MS + 20));
  return ticketOf(page.raw);
}

/** A ticket dated a second from now: whatever is posted with it is "too fast". */
const freshTicket = (
  linkId: string,
  at = new Date(Date.now() + 1000),
  ttlSeconds = BASIC_TICKET.ttlSeconds,
) => issueTicket(ticketKey(SECRET), { tenantId: A, linkId }, at, { ttlSeconds }).ticket;

/** The no-script page headers; the form page itself is kept by the browser for Back (`private, max-age=0`). */
function expectNoScriptHeaders(res: { headers: Record<string, string> }, cache = 'no-store') {
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['content-security-policy']).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  expect(res.headers['cache-control']).toBe(cache);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

describe('GET /f/{token}/basic', () => {
  it('serves the form for the link, with a ticket and strict headers, and stores nothing', async () => {
    const { token } = await newLink();
    const before = await countItems();

    const res = await getForm(token);

    expect(res.status).toBe(200);
    expectNoScriptHeaders(res, 'private, max-age=0');
    expect(res.raw).toContain('<p class="place">青山镇 · 东村</p>');
    expect(ticketOf(res.raw)).toMatch(/^v1\./);
    expect(res.raw).not.toMatch(/<script/i);
    expect(await countItems()).toBe(before);
  });

  it('lists the units for a township-wide link', async () => {
    const { token } = await newLink({});

    const res = await getForm(token);

    expect(res.raw).toContain('<option value="u-dongcun">东村</option><option value="u-xicun">西村</option>');
  });

  it('answers a revoked link (410), a forged one (404) and a malformed one (400) with zh-CN pages', async () => {
    const revoked = await newLink({ unitId: 'u-dongcun', revoked: true });
    const { token } = await newLink();

    const gone = await getForm(revoked.token);
    const forged = await getForm(`${token.slice(0, -2)}xx`);
    const short = await getForm('abc');

    expect([gone.status, forged.status, short.status]).toEqual([410, 404, 400]);
    for (const r of [gone, forged, short]) {
      expectNoScriptHeaders(r);
      expect(r.raw).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
      expect(r.raw).not.toMatch(/problem\+json|"type":/);
    }
    // What happened to the link in plain words, and what to do instead; a link typed wrong is not "what you
    // submitted is wrong".
    expect(gone.raw).toContain('<h1>这个评价二维码已停用</h1>');
    expect(gone.raw).toContain('请扫描村里或便民服务中心新张贴的二维码，或直接到镇便民服务中心反映。');
    for (const r of [forged, short]) {
      expect(r.raw).toContain('<title>链接不完整或有误，请重新扫描海报上的二维码</title>');
      expect(r.raw).toContain('<h1>链接不完整或有误，请重新扫描海报上的二维码</h1>');
      expect(r.raw).not.toContain('提交的内容有误');
    }
  });
});

describe('POST /f/{token}/basic', () => {
  it('stores the submission and answers its receipt page; the ticket is spent in the same nonce store', async () => {
    const { linkId, token } = await newLink();
    const ticket = await openedTicket(token);
    const before = await countItems();

    const res = await postForm(token, { ...ratings, complaint: '村口路灯坏了', ticket, website: '' });

    expect(res.status).toBe(200);
    expectNoScriptHeaders(res);
    expect(res.raw).toContain('提交成功，谢谢您！');
    const code = codeOf(res.raw)!;
    expect(code).toMatch(CODE);
    expect(res.raw).toContain(`href="/f/${token}/basic/r/${code}"`);
    expect(res.raw).toContain(`href="/f/${token}/r/${code}"`);
    const stored = await storedOn(linkId);
    expect(stored).toEqual([
      expect.objectContaining({ receiptCode: code, ratings, complaint: '村口路灯坏了', unitId: 'u-dongcun' }),
    ]);
    const nonce = JSON.parse(Buffer.from(ticket.split('.')[1]!, 'base64url').toString('utf8')).n;
    expect((await partition(tenantPk(A, 'ALTCHA'))).find((i) => i.sk === `TICKET#${nonce}`)).toMatchObject({
      kind: 'ticket-nonce',
    });
    expect((await partition(tenantPk(A, 'IDEM'))).find((i) => i.sk === `${linkId}#${nonce}`)).toMatchObject({
      receiptCode: code,
    });
    // feedback, receipt, outbox, audit, nonce, idempotency, two windows (one new at most per window)
    expect(await countItems()).toBeGreaterThanOrEqual(before + 6);
  });

  it('answers the same page posted again with the first receipt, and stores nothing more', async () => {
    const { linkId, token } = await newLink();
    const ticket = await openedTicket(token);
    const fields = { ...ratings, complaint: '双击', ticket };
    const first = await postForm(token, fields);
    const before = await countItems();

    const [a, b] = await Promise.all([postForm(token, fields), postForm(token, fields)]);

    expect([first.status, a.status, b.status]).toEqual([200, 200, 200]);
    expect(codeOf(a.raw)).toBe(codeOf(first.raw));
    expect(codeOf(b.raw)).toBe(codeOf(first.raw));
    expect(await countItems()).toBe(before);
    expect(await storedOn(linkId)).toHaveLength(1);
  });

  it('refuses the same page with other answers (422), says so with the first code, and offers a fresh ticket', async () => {
    const { linkId, token } = await newLink();
    const ticket = await openedTicket(token);
    const first = await postForm(token, { ...ratings, complaint: '第一次', ticket });
    const before = await countItems();

    const changed = await postForm(token, { ...ratings, complaint: '改过了', ticket });
    // Only the call-back number changed: still other answers, not the first receipt.
    const phoneOnly = await postForm(token, {
      ...ratings,
      complaint: '第一次',
      phone: '13800004321',
      consent: 'yes',
      ticket,
    });

    expect(changed.status).toBe(422);
    expect(phoneOnly.status).toBe(422);
    expect(alertOf(changed.raw)).toContain(`回执码 ${codeOf(first.raw)}`);
    expect(alertOf(changed.raw)).toMatch(/没有保存/);
    expect(changed.raw).toContain('>\n改过了</textarea>');
    expect(await countItems()).toBe(before);
    // The fresh ticket is dated from when the page was first shown: sent at once, it is stored.
    const again = await postForm(token, { ...ratings, complaint: '改过了', ticket: ticketOf(changed.raw) });
    expect(again.status).toBe(200);
    expect(codeOf(again.raw)).not.toBe(codeOf(first.raw));
    expect(await storedOn(linkId)).toHaveLength(2);
  });

  it('answers a filled honeypot and a form sent too fast with a normal-looking receipt, and stores nothing', async () => {
    const { linkId, token } = await newLink();
    const ticket = await openedTicket(token);
    const before = await countItems();

    const honeypot = await postForm(token, { ...ratings, ticket, website: 'http://spam.example' });
    const honeypotAgain = await postForm(token, { ...ratings, ticket, website: 'http://spam.example' });
    const tooFast = await postForm(token, { ...ratings, ticket: freshTicket(linkId) });

    for (const r of [honeypot, tooFast]) {
      expect(r.status).toBe(200);
      expect(r.raw).toContain('提交成功，谢谢您！');
      expect(codeOf(r.raw)).toMatch(CODE);
    }
    // A bot posting the same page again sees what a person would: the same code.
    expect(codeOf(honeypotAgain.raw)).toBe(codeOf(honeypot.raw));
    expect(await countItems()).toBe(before);
    // The ticket was not spent on the bot's try.
    expect((await postForm(token, { ...ratings, ticket })).status).toBe(200);
  });

  it('refuses a forged, missing, foreign or expired ticket with the form again (400, answers kept), storing nothing', async () => {
    const { linkId, token } = await newLink();
    const other = await newLink();
    const ticket = await openedTicket(token);
    const before = await countItems();
    const expired = freshTicket(linkId, new Date(Date.now() - 2 * 3600_000), 3600);

    const answers = await Promise.all([
      postForm(token, { ...ratings, complaint: '伪造', ticket: `${ticket.slice(0, -3)}AAA` }),
      postForm(token, { ...ratings, complaint: '没有' }),
      postForm(token, { ...ratings, complaint: '别处', ticket: await openedTicket(other.token) }),
      postForm(token, { ...ratings, complaint: '过期', ticket: expired }),
    ]);

    for (const r of answers) {
      expect(r.status).toBe(400);
      expectNoScriptHeaders(r);
      expect(alertOf(r.raw)).toMatch(CJK);
      expect(ticketOf(r.raw)).not.toBe(ticket);
    }
    expect(answers.map((r) => /<textarea[^>]*>\n([^<]*)<\/textarea>/.exec(r.raw)?.[1])).toEqual([
      '伪造',
      '没有',
      '别处',
      '过期',
    ]);
    expect(alertOf(answers[3]!.raw)).toMatch(/过期/);
    expect(await countItems()).toBe(before);
    // The expired page was shown two hours ago: its fresh ticket is dated then, so it is accepted at once.
    const resent = await postForm(token, {
      ...ratings,
      complaint: '过期',
      ticket: ticketOf(answers[3]!.raw),
    });
    expect(resent.status).toBe(200);
    expect(await storedOn(linkId)).toHaveLength(1);
  });

  it('shows the form again with every answer and what to fix (400), and keeps the page ticket', async () => {
    const { linkId, token } = await newLink({});
    const ticket = await openedTicket(token);
    const before = await countItems();
    const complaint = '<script>alert("x")</script> 路灯';

    const res = await postForm(token, { warmth: 'satisfied', complaint, phone: '13800004321', ticket });

    expect(res.status).toBe(400);
    expect(res.raw).toMatch(/<title>错误：/);
    expect(res.raw).toContain('还有 4 处需要修改');
    expect(res.raw).toContain('<a href="#unitId">村或单位：请选择您要评价的村或单位</a>');
    expect(res.raw).toContain('<a href="#consent">同意回电：留电话需要您同意');
    expect(res.raw).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; 路灯</textarea>');
    expect(res.raw).not.toContain('<script>');
    expect(res.raw).toContain('value="13800004321"');
    expect(res.raw).toContain('value="satisfied" id="warmth-2" checked');
    expect(ticketOf(res.raw)).toBe(ticket);
    expect(await countItems()).toBe(before);

    const fixed = await postForm(token, {
      ...ratings,
      unitId: 'u-xicun',
      complaint,
      phone: '138 0000 4321',
      consent: 'yes',
      ticket,
    });

    expect(fixed.status).toBe(200);
    const [row] = await storedOn(linkId);
    expect(row).toMatchObject({ unitId: 'u-xicun', complaint });
    // The number is sealed apart, never stored as typed.
    expect(await partition(linkKeys.contact(A, row!.feedbackId).pk)).toContainEqual(
      expect.objectContaining({ kind: 'feedback-contact', masked: '138****4321' }),
    );
    const all = await f.table.doc.send(new ScanCommand({ TableName: f.table.tableName }));
    expect(JSON.stringify(all.Items)).not.toContain('13800004321');
  });

  it('answers a body that is not a form with a zh-CN 415 page that names what came', async () => {
    const { token } = await newLink();

    const res = await postForm(token, {}, { contentType: 'application/json', raw: JSON.stringify(ratings) });

    expect(res.status).toBe(415);
    expectNoScriptHeaders(res);
    expect(res.raw).toContain('请通过表单提交（收到的是 application/json）');
  });

  it('answers a revoked link with a 410 page, ticket or not', async () => {
    const l = await newLink({ unitId: 'u-dongcun', revoked: true });

    const res = await postForm(l.token, { ...ratings, ticket: freshTicket(l.linkId, new Date(0)) });

    expect(res.status).toBe(410);
    expect(res.raw).toContain('<h1>这个评价二维码已停用</h1>');
  });
});

describe('rate limits, shared with the JSON route', () => {
  // Each test fills a window (10 minutes per address; an hour, a multiple of it, per link) and then expects
  // the refusal: all of it within one window.
  beforeEach(() => clearOfWindowEdge(600, 15_000), 20_000);
  const solvedAltcha = async (token: string) => {
    const c = await invoke(
      f.handler,
      httpEvent({
        method: 'GET',
        path: `/public/forms/${token}/challenge`,
        route: '/public/forms/{token}/challenge',
        pathParameters: { token },
      }),
    );
    const left = issuedAtOf(c.json) + MIN_FILL_MS + 5 - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
    return solveAltcha(c.json as AltchaChallenge);
  };
  const postJson = async (token: string, ip: string) => {
    const event = httpEvent({
      method: 'POST',
      path: `/public/forms/${token}/feedback`,
      route: '/public/forms/{token}/feedback',
      pathParameters: { token },
      body: { ratings, altcha: await solvedAltcha(token) },
    });
    event.requestContext.http.sourceIp = ip;
    return invoke(f.handler, event);
  };

  it('counts both forms against one address: over it, the form again (429) with Retry-After, nothing stored', async () => {
    const [l1, l2, l3] = [await newLink(), await newLink(), await newLink()];
    const ip = randomIp();
    expect((await postJson(l1.token, ip)).status).toBe(201);
    expect(
      (await postForm(l2.token, { ...ratings, ticket: await openedTicket(l2.token) }, { ip })).status,
    ).toBe(200);
    const ticket = await openedTicket(l3.token);
    const before = await countItems();

    const res = await postForm(l3.token, { ...ratings, complaint: '第三次', ticket }, { ip });
    const json = await postJson(l3.token, ip);

    expect(res.status).toBe(429);
    expectNoScriptHeaders(res);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(alertOf(res.raw)).toMatch(/分钟后再试/);
    expect(res.raw).toContain('>\n第三次</textarea>');
    expect(ticketOf(res.raw)).toBe(ticket);
    // The JSON route says the same, as problem details with the same header.
    expect(json.status).toBe(429);
    expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(json.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(json.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(await countItems()).toBe(before);
    // From another address the same page goes through: the refused ticket was not spent.
    expect((await postForm(l3.token, { ...ratings, ticket })).status).toBe(200);
  });

  it('counts both forms against one link, whatever the address', async () => {
    const l = await newLink();
    expect((await postJson(l.token, randomIp())).status).toBe(201);
    for (let i = 0; i < 2; i++)
      expect((await postForm(l.token, { ...ratings, ticket: await openedTicket(l.token) })).status).toBe(200);

    const res = await postForm(l.token, { ...ratings, ticket: await openedTicket(l.token) });

    expect(res.status).toBe(429);
    expect(alertOf(res.raw)).toMatch(/二维码/);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(3600);
  });
});

describe('receipts without scripts', () => {
  it('shows the state of a stored submission at /f/{token}/basic/r/{code}, in any case of the code', async () => {
    const { token } = await newLink();
    const sent = await postForm(token, {
      ...ratings,
      complaint: '看看状态',
      ticket: await openedTicket(token),
    });
    const code = codeOf(sent.raw)!;

    const res = await getPage(`/f/${token}/basic/r/${code.toLowerCase()}`, '/f/{token}/basic/r/{code}', {
      token,
      code: code.toLowerCase(),
    });

    expect(res.status).toBe(200);
    expectNoScriptHeaders(res);
    expect(res.raw).toContain(
      `回执码 <span lang="en">${code
        .split('-')
        .map((g) => `<span class="g">${g}`)
        .join('-</span><wbr>')}</span></span>`,
    );
    expect(res.raw).toContain('<p class="place">青山镇 · 东村</p>');
    expect(res.raw).toContain('<dd>已收到您反映的问题，正在转交办理</dd>');
    expect(res.raw).not.toContain('看看状态');
  });

  it('answers an unknown code (404) and a malformed one (400) with the lookup form and the reason', async () => {
    const { token } = await newLink();

    const unknown = await getPage(`/f/${token}/basic/r/7K3Q-9M2D-X8PA-4TNB`, '/f/{token}/basic/r/{code}', {
      token,
      code: '7K3Q-9M2D-X8PA-4TNB',
    });
    const malformed = await getPage(`/f/${token}/basic/r/nope`, '/f/{token}/basic/r/{code}', {
      token,
      code: 'nope',
    });

    expect(unknown.status).toBe(404);
    expect(unknown.raw).toContain('没有找到这个回执码');
    expect(malformed.status).toBe(400);
    expect(malformed.raw).toContain('回执码格式不对');
    for (const r of [unknown, malformed]) expect(r.raw).toContain(`action="/f/${token}/basic/r"`);
  });

  it('sends a typed code to its page (303), and asks again for a malformed one', async () => {
    const { token } = await newLink();
    const lookup = (code?: string) =>
      getPage(
        `/f/${token}/basic/r`,
        '/f/{token}/basic/r',
        { token },
        code === undefined ? undefined : { code },
      );

    const empty = await lookup();
    const typed = await lookup(' 7k3q 9m2d x8pa 4tnb ');
    const wrong = await lookup('12');

    expect(empty.status).toBe(200);
    expect(empty.raw).toContain('<input type="text" id="code" name="code"');
    expect(typed.status).toBe(303);
    expect(typed.headers.location).toBe(`/f/${token}/basic/r/7K3Q-9M2D-X8PA-4TNB`);
    expect(wrong.status).toBe(400);
    expect(wrong.raw).toContain('value="12"');
  });
});
