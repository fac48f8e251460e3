import { request } from 'node:http';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tenantPk } from '@zuofeng/ddb';
import { ulid } from 'ulid';
import { demoLinks } from '../../packages/local/src';
import { ABUSE_DEFAULTS, BASIC_TICKET } from '../../services/feedback/src/app/abuse/config';
import { issueTicket, ticketKey } from '../../services/feedback/src/app/abuse/ticket';
import { feedbackKeys } from '../../services/feedback/src/app/keys';
import {
  CJK,
  clearOfWindowEdge,
  linkIdOf,
  RECEIPT_CODE,
  residentAddress,
  submitAsResident,
} from '../support/feedback';
import { startTestRuntime, TEST_SECRET } from '../support/runtime';
import { submissionRows } from '../support/submission-rows';

/**
 * The simple form (简易版) for browsers without JavaScript, over HTTP against the local runtime on DynamoDB
 * Local: a resident opens `/f/<token>/basic`, posts the plain form, and gets a receipt page; the same page
 * posted again, the same page with other answers, a filled honeypot, a form sent too fast, a forged or expired
 * ticket, a revoked link and a mistake in the answers each get their own page, and nothing extra is stored.
 * As in abuse.test.ts, the minimum fill time is 500 ms, long enough that a form posted at once is "too fast".
 */
let t: Awaited<ReturnType<typeof startTestRuntime>>;
const QINGSHAN = 'twp-qingshan';
const MIN_FILL_MS = 500;
const ratings = { warmth: 'satisfied', solved: 'basically_satisfied', happiness: 'very_satisfied' };

/** Qingshan's demo links (four). */
const links = () => demoLinks(TEST_SECRET).filter((l) => l.token.startsWith(`${QINGSHAN}.`));

beforeAll(async () => {
  t = await startTestRuntime({}, { minFillMs: MIN_FILL_MS });
});
afterAll(() => t?.stop());

/** What a submission writes in the township, counted (test/support/submission-rows.ts). */
const stored = () => submissionRows(t, QINGSHAN);
const plus = (s: Awaited<ReturnType<typeof stored>>, n: number) =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v + n]));

interface Page {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  html: string;
}

/** A browser's request, from a phone's own address (node:http, since fetch cannot bind one). */
function browse(method: 'GET' | 'POST', path: string, form?: Record<string, string>, from?: string) {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise<Page>((resolve, reject) => {
    const req = request(
      `${t.rt.url}${path}`,
      {
        method,
        headers: {
          accept: 'text/html',
          ...(body !== undefined
            ? {
                'content-type': 'application/x-www-form-urlencoded',
                'content-length': Buffer.byteLength(body),
              }
            : {}),
        },
        ...(from ? { localAddress: from } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            html: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One resident: a phone of their own, the page they opened, and what they post from it. */
async function resident(token: string) {
  const from = residentAddress();
  const page = await browse('GET', `/f/${token}/basic`, undefined, from);
  const openedAt = Date.now();
  expect(page.status).toBe(200);
  return {
    page,
    ticket: ticketOf(page.html),
    openedAt,
    post: (form: Record<string, string>) => browse('POST', `/f/${token}/basic/send`, form, from),
    /** Take the time a person takes to fill the form in. */
    fillIn: async () => {
      const left = openedAt + MIN_FILL_MS + 20 - Date.now();
      if (left > 0) await new Promise((r) => setTimeout(r, left));
    },
  };
}

const ticketOf = (html: string) =>
  /<input type="hidden" name="ticket" value="([^"]+)">/.exec(html)?.[1] ?? '';
const codeOf = (html: string) =>
  /<p class="code" aria-hidden="true">(.*?)<\/p>/.exec(html)?.[1]?.replace(/<\/?span>/g, '');
const complaintOf = (html: string) => /<textarea[^>]*>\n([^<]*)<\/textarea>/.exec(html)?.[1];

/** A simple page's headers; the form page itself is kept by the browser for Back (`private, max-age=0`). */
function expectHtmlPage(p: Page, cache = 'no-store') {
  expect(p.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(p.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
  expect(p.headers['content-security-policy']).toContain("form-action 'self'");
  expect(p.headers['cache-control']).toBe(cache);
  expect(p.headers['referrer-policy']).toBe('no-referrer');
  expect(p.headers['x-content-type-options']).toBe('nosniff');
  expect(p.html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
  expect(p.html).not.toMatch(/<script/i);
}

it('serves the simple form, stores one submission for it, and answers a receipt page with the code', async () => {
  const { token } = links()[0]!;
  const r = await resident(token);
  expectHtmlPage(r.page, 'private, max-age=0');
  expect(r.page.html).toContain('<p class="place">青山镇 · 东村</p>');
  await r.fillIn();
  const complaint = `简易版 ${ulid()}`;
  const form = { ...ratings, complaint, ticket: r.ticket, website: '' };
  const before = await stored();

  const res = await r.post(form);

  expect(res.status).toBe(200);
  expectHtmlPage(res);
  expect(res.html).toContain('提交成功，谢谢您！');
  const code = codeOf(res.html)!;
  expect(code).toMatch(RECEIPT_CODE);
  expect(await stored()).toEqual(plus(before, 1));
  const receipt = await t.doc.send(
    new QueryCommand({
      TableName: t.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': tenantPk(QINGSHAN, 'FBCODE'), ':sk': code },
    }),
  );
  expect(receipt.Items).toHaveLength(1);

  // The same page posted again (a double tap, a reload that re-posts): the first receipt, nothing more.
  const [again, andAgain] = await Promise.all([r.post(form), r.post(form)]);

  expect([again.status, andAgain.status]).toEqual([200, 200]);
  expect(codeOf(again.html)).toBe(code);
  expect(codeOf(andAgain.html)).toBe(code);
  expect(await stored()).toEqual(plus(before, 1));

  // Its status page, without scripts either.
  const status = await browse('GET', `/f/${token}/basic/r/${code}`);
  expect(status.status).toBe(200);
  expectHtmlPage(status);
  // Intake may have registered the problem already: the events flow while the test runs.
  expect(status.html).toMatch(
    /<dt>办理状态<\/dt><dd>(已收到您反映的问题，正在转交办理|已登记，等待立项办理)<\/dd>/,
  );
  expect(status.html).not.toContain(complaint);
});

it('refuses the same page sent again with other answers, and stores nothing for it', async () => {
  const { token } = links()[1]!;
  const r = await resident(token);
  await r.fillIn();
  const first = await r.post({ ...ratings, complaint: `第一次 ${ulid()}`, ticket: r.ticket });
  expect(first.status).toBe(200);
  const before = await stored();

  const changed = await r.post({ ...ratings, complaint: '我又改了一下', ticket: r.ticket });

  expect(changed.status).toBe(422);
  expectHtmlPage(changed);
  expect(changed.html).toContain(`回执码 ${codeOf(first.html)}`);
  expect(changed.html).toContain('这次改过的内容没有保存');
  expect(complaintOf(changed.html)).toBe('我又改了一下');
  expect(await stored()).toEqual(before);
});

it('answers a filled honeypot with a normal-looking receipt, and stores nothing', async () => {
  const { token } = links()[1]!;
  const r = await resident(token);
  await r.fillIn();
  const before = await stored();

  const res = await r.post({
    ...ratings,
    complaint: '广告',
    ticket: r.ticket,
    website: 'http://spam.example',
  });

  expect(res.status).toBe(200);
  expect(res.html).toContain('提交成功，谢谢您！');
  expect(codeOf(res.html)).toMatch(RECEIPT_CODE);
  expect(await stored()).toEqual(before);
});

it('answers a form sent too fast with a normal-looking receipt, and stores nothing', async () => {
  const { token } = links()[2]!;
  const before = await stored();
  const r = await resident(token);
  // The page's ticket as the server signs it, dated a second from now: the post is sooner than the minimum
  // fill time however slowly a loaded machine gets it there (a post "at once" took 500 ms on a busy CI run).
  const soon = issueTicket(
    ticketKey(TEST_SECRET),
    { tenantId: QINGSHAN, linkId: linkIdOf(token) },
    new Date(Date.now() + 1000),
    { ttlSeconds: BASIC_TICKET.ttlSeconds },
  ).ticket;

  const res = await r.post({ ...ratings, ticket: soon });

  expect(res.status).toBe(200);
  expect(res.html).toContain('提交成功，谢谢您！');
  expect(codeOf(res.html)).toMatch(RECEIPT_CODE);
  expect(await stored()).toEqual(before);
});

it('refuses a forged or an expired ticket with a zh-CN page (400) that keeps the answers, and stores nothing', async () => {
  const { token } = links()[2]!;
  const r = await resident(token);
  await r.fillIn();
  const expired = issueTicket(
    ticketKey(TEST_SECRET),
    { tenantId: QINGSHAN, linkId: linkIdOf(token) },
    new Date(Date.now() - BASIC_TICKET.ttlSeconds * 1000 - 60_000),
    { ttlSeconds: BASIC_TICKET.ttlSeconds },
  ).ticket;
  const before = await stored();

  const forged = await r.post({ ...ratings, complaint: '伪造的', ticket: `${r.ticket.slice(0, -4)}AAAA` });
  const stale = await r.post({ ...ratings, complaint: '过期的', ticket: expired });

  for (const [res, complaint] of [
    [forged, '伪造的'],
    [stale, '过期的'],
  ] as const) {
    expect(res.status).toBe(400);
    expectHtmlPage(res);
    expect(/<div class="alert" role="alert"><p>([^<]+)<\/p>/.exec(res.html)?.[1]).toMatch(CJK);
    expect(complaintOf(res.html)).toBe(complaint);
  }
  expect(stale.html).toContain('过期');
  expect(await stored()).toEqual(before);
});

it('shows the form again with the answers kept and what to fix (400), and stores nothing', async () => {
  const { token } = links()[3]!;
  const r = await resident(token);
  await r.fillIn();
  const before = await stored();

  const res = await r.post({
    warmth: 'dissatisfied',
    complaint: '<script>alert(1)</script>村里的路',
    phone: '12345',
    ticket: r.ticket,
  });

  expect(res.status).toBe(400);
  expectHtmlPage(res);
  expect(res.html).toMatch(/<title>错误：/);
  expect(res.html).toContain('<a href="#solved-1">');
  expect(res.html).toContain('<a href="#phone">手机号：手机号格式不对');
  expect(res.html).toContain('value="dissatisfied" id="warmth-4" checked');
  expect(complaintOf(res.html)).toBe('&#60;script&#62;alert(1)&#60;/script&#62;村里的路');
  expect(res.html).toContain('value="12345"');
  expect(await stored()).toEqual(before);

  // Fixed and sent at once: the page's ticket still dates it from when it was first shown.
  const fixed = await r.post({ ...ratings, complaint: '村里的路', ticket: ticketOf(res.html) });
  expect(fixed.status).toBe(200);
  expect(await stored()).toEqual(plus(before, 1));
});

it('answers a revoked link with a zh-CN page (410), on the form and on its submission', async () => {
  const { token } = links()[3]!;
  const r = await resident(token);
  await r.fillIn();
  await t.doc.send(
    new UpdateCommand({
      TableName: t.tableName,
      Key: feedbackKeys.link(QINGSHAN, linkIdOf(token)),
      UpdateExpression: 'SET revoked = :t',
      ExpressionAttributeValues: { ':t': true },
    }),
  );
  const before = await stored();

  const post = await r.post({ ...ratings, ticket: r.ticket });
  const get = await browse('GET', `/f/${token}/basic`);

  for (const res of [post, get]) {
    expect(res.status).toBe(410);
    expectHtmlPage(res);
    expect(res.html).toContain('<h1>这个评价二维码已停用</h1>');
    expect(res.html).toContain('请扫描村里或便民服务中心新张贴的二维码');
    expect(res.html).not.toContain('请就下面三个问题选一选');
  }
  expect(await stored()).toEqual(before);
});

it('documents the simple form in the API description: a form-encoded body and HTML answers', async () => {
  const doc = await t.api('GET', '/openapi.json');

  const post = doc.json.paths['/f/{token}/basic/send'].post;
  expect(Object.keys(post.requestBody.content)).toEqual(['application/x-www-form-urlencoded']);
  expect(Object.keys(post.responses['200'].content)).toEqual(['text/html']);
  expect(Object.keys(post.responses['400'].content)).toEqual(['text/html']);
  expect(doc.json.paths['/f/{token}/basic/r/{code}'].get).toBeDefined();
});

it("takes the full page's own form when its script never ran: answers kept, and sent again at once it is stored", async () => {
  const { token } = links()[0]!;
  const from = residentAddress();
  // The full page (a lost form.js leaves its plain form working): it posts to the simple page's address.
  const full = await browse('GET', `/f/${token}`, undefined, from);
  const action = /<form class="js-only" id="form" method="post" action="([^"]+)"/.exec(full.html)?.[1];
  expect(action).toBe(`/f/${token}/basic/send`);
  const complaint = `脚本没加载 ${ulid()}`;
  const before = await stored();

  // What the browser sends by itself: the answers and the empty honeypot, no ticket.
  const first = await browse('POST', action!, { ...ratings, complaint, website: '' }, from);
  expect(first.status).toBe(400);
  expect(first.html).toContain('页面没有加载完整');
  expect(complaintOf(first.html)).toBe(complaint);
  expect(await stored()).toEqual(before);

  // Sent again at once, with the page's fresh ticket: stored, not taken for a bot's haste.
  const again = await browse(
    'POST',
    action!,
    { ...ratings, complaint, ticket: ticketOf(first.html), website: '' },
    from,
  );
  expect(again.status).toBe(200);
  expect(again.html).toContain('提交成功，谢谢您！');
  expect(await stored()).toMatchObject({ feedback: before.feedback + 1 });
  const list = await t.api('GET', '/feedback?limit=100', { token: await t.token('qingshan.admin') });
  expect((list.json.items as { complaint?: string }[]).filter((i) => i.complaint === complaint)).toHaveLength(
    1,
  );
});

it('holds the simple page to its own, tighter window per address, while the full form from there goes on', async () => {
  const { token } = links()[1]!;
  const { max, windowSeconds } = ABUSE_DEFAULTS.rateLimits.ticketPerAddress;
  const from = residentAddress();
  // One more page than the window holds, opened from one phone, filled in and sent in turn.
  const pages = await Promise.all(
    Array.from({ length: max + 1 }, () => browse('GET', `/f/${token}/basic`, undefined, from)),
  );
  await new Promise((r) => setTimeout(r, MIN_FILL_MS + 50));
  // Counted before the wait for the window: the count may wait on audit entries, and the 20 s are the posts'
  const before = await stored();
  await clearOfWindowEdge(windowSeconds, 20_000);
  const send = (p: Page) =>
    browse('POST', `/f/${token}/basic/send`, { ...ratings, ticket: ticketOf(p.html), website: '' }, from);
  for (const p of pages.slice(0, max)) expect((await send(p)).status).toBe(200);

  const refused = await send(pages[max]!);

  expect(refused.status).toBe(429);
  expectHtmlPage(refused);
  expect(refused.headers['retry-after']).toMatch(/^\d+$/);
  expect(refused.html).toMatch(/您提交得太频繁了，请 \d+ 分钟后再试/);
  expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(windowSeconds);
  expect(await stored()).toEqual(plus(before, max));
  // The full form, with its proof of work, from the same address: its own wider window still has room.
  const full = await submitAsResident(t, token, { ratings }, from ? { from } : {});
  expect(full.status).toBe(201);
  expect((await stored()).feedback).toBe(before.feedback + max + 1);
  // Room for the wait at a window's edge (up to 20 s) before the pages are sent, and for the counts.
}, 150_000);

it('hides a phone number written into the complaint before it is stored', async () => {
  const { token } = links()[0]!;
  const r = await resident(token);
  await r.fillIn();
  const mark = ulid();
  const res = await r.post({
    ...ratings,
    complaint: `${mark} 路灯坏了，我的电话 139 1234 5678，身份证 11010519491231002X`,
    ticket: r.ticket,
    website: '',
  });
  expect(res.status).toBe(200);
  const items = await t.items(feedbackKeys.feedbackPartition(QINGSHAN), (i) =>
    String(i.complaint ?? '').startsWith(mark),
  );
  expect(items.map((i) => i.complaint)).toEqual([
    `${mark} 路灯坏了，我的电话 ［手机号已隐去］，身份证 ［身份证号已隐去］`,
  ]);
});
