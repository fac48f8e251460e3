/**
 * `/f/<token>`: the residents' form. The page arrives complete (pages.ts); this script fills in the township
 * and unit, solves the anti-bot challenge in the background while the resident answers, validates in plain
 * words, submits once (an Idempotency-Key makes a double tap or a retry after a dropped connection store one
 * submission), and shows the receipt code big.
 */
import type { z } from 'zod';
import type { getFormRoute, submitFeedbackRoute } from '../../../services/feedback/src/contract';
import type { getFormChallengeRoute } from '../../../services/feedback/src/contract-abuse';
import { CONSENT_NEEDED_ZH } from '../../../services/feedback/src/domain/form-wording';
import { ApiError, type FieldIssue, formApi, formPage, messageOf, pagePath, randomKey, request } from './api';
import { byId, codeGroups, el, fieldError, setText, show, spelled } from './dom';
import { resizePhoto } from './photo';
import { type Solving, solve } from './pow';
import { refusalOf, showRefusal } from './refusal';

/** Feature checks against the submission's contract, set by build.ts. */
declare const __CONTACT__: boolean;
declare const __PHOTO_ROUTE__: string;

type FormInfo = z.infer<typeof getFormRoute.response>;
type Body = z.input<NonNullable<typeof submitFeedbackRoute.body>>;
/**
 * What the form sends: the contract's content (a township-wide link's unit choice, the ratings, the complaint,
 * a call-back number with consent when __CONTACT__ says the route takes it), and a photo's upload key where
 * __PHOTO_ROUTE__ names a public upload route (no such route yet: the field is this form's assumption).
 */
type Content = Omit<Body, 'altcha' | 'website'> & { photoKey?: string };
type IssuedChallenge = z.infer<typeof getFormChallengeRoute.response>;
type Receipt = z.infer<typeof submitFeedbackRoute.response>;
type QuestionId = keyof Body['ratings'];

const QUESTION_IDS: readonly QuestionId[] = ['warmth', 'solved', 'happiness'];
/**
 * A mainland mobile number as residents type it, as services/feedback/src/domain/contact.ts reads it (copied:
 * that module brings zod, which the form's budget cannot carry): full-width digits, spaces, dashes,
 * brackets and a +86 / 0086 prefix are forgiven; the 11 digits, or undefined.
 */
function normalisePhone(input: string): string | undefined {
  let d = input
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\-()（）]/g, '');
  if (d.startsWith('+86')) d = d.slice(3);
  else if (d.startsWith('0086')) d = d.slice(4);
  return /^1[3-9]\d{9}$/.test(d) ? d : undefined;
}

const form = byId<HTMLFormElement>('form');
const alertBox = byId('alert');
const summary = byId('summary');
const status = byId('status');
const submit = byId<HTMLButtonElement>('submit');
const complaint = byId<HTMLTextAreaElement>('complaint');
const count = byId('complaint-count');
const phone = byId<HTMLInputElement>('phone');
const consent = byId<HTMLInputElement>('consent');
const honeypot = byId<HTMLInputElement>('hp-website');
const unitSelect = byId<HTMLSelectElement>('unitId');
const photoInput = byId<HTMLInputElement>('photo');
/** A link of the whole township: the resident picks the village or unit. */
let needsUnit = false;
/** The photo, already made small on the phone, and its upload key once sent (a retry does not send it again). */
let photo: Blob | undefined;
let uploaded: { photo: Blob; key: string } | undefined;

const { token } = pagePath();

function fail(message: string) {
  setText(alertBox, message);
  show(alertBox);
  show(form, false);
}

/** The link does not open (mistyped, revoked, expired, paused): no questions, but what to do instead. */
function refused(e: unknown): boolean {
  const kind = refusalOf(e);
  if (kind) showRefusal(kind, [form, summary, byId('done')], byId('lookup-link'));
  return Boolean(kind);
}

// ── the anti-bot challenge: fetched and solved while the resident reads and answers ─────────────────────

interface Current {
  challenge: IssuedChallenge;
  fetchedAt: number;
  solving: Solving;
}
let current: Current | undefined;

async function freshChallenge(api: string): Promise<Current> {
  current?.solving.cancel();
  current = undefined;
  const challenge = await request<IssuedChallenge>('GET', `${api}/challenge`, { timeoutMs: 30_000 });
  current = { challenge, fetchedAt: Date.now(), solving: solve(challenge) };
  return current;
}

const sleep = (ms: number) => new Promise((r) => window.setTimeout(r, ms));

/**
 * The `altcha` payload for a submission: the background solution when it is still good for a minute, else a
 * fresh one. A form sent sooner than `minFillMs` after its challenge was issued reads as a bot's (and would
 * get a decoy receipt), so a quick resident waits out the rest here.
 */
async function altchaPayload(api: string, fresh = false): Promise<string> {
  let c = current;
  if (fresh || !c || Date.parse(c.challenge.expiresAt) - Date.now() < 60_000) c = await freshChallenge(api);
  let payload: string;
  try {
    payload = await c.solving.payload;
  } catch {
    c = await freshChallenge(api);
    payload = await c.solving.payload;
  }
  const wait = c.fetchedAt + c.challenge.minFillMs + 500 - Date.now();
  if (wait > 0) await sleep(wait);
  return payload;
}

// ── validation ──────────────────────────────────────────────────────────────────────────────────────────

interface Problem {
  name: string;
  message: string;
  target: HTMLElement;
}

const checked = (name: string) =>
  form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value as
    | Body['ratings'][QuestionId]
    | undefined;

function clearErrors() {
  fieldError('unitId', undefined, unitSelect);
  fieldError('photo', undefined, photoInput);
  for (const q of QUESTION_IDS) fieldError(q, undefined);
  fieldError('complaint', undefined, complaint);
  fieldError('phone', undefined, phone);
  fieldError('consent', undefined, consent);
  show(summary, false);
  summary.replaceChildren();
}

function validate(): Problem[] {
  const problems: Problem[] = [];
  if (needsUnit && !unitSelect.value)
    problems.push({ name: 'unitId', message: '请选择您要评价的村或单位', target: unitSelect });
  for (const q of QUESTION_IDS) {
    if (!checked(q)) {
      const first = form.querySelector<HTMLInputElement>(`input[name="${q}"]`)!;
      problems.push({ name: q, message: '请选择一项', target: first });
    }
  }
  if (complaint.value.trim().length > complaint.maxLength)
    problems.push({
      name: 'complaint',
      message: `问题或建议不能超过 ${complaint.maxLength} 字`,
      target: complaint,
    });
  const p = phone.value.trim();
  if (__CONTACT__ && p) {
    if (!normalisePhone(p))
      problems.push({ name: 'phone', message: '请填写 11 位手机号，或者留空', target: phone });
    else if (!consent.checked)
      problems.push({ name: 'consent', message: CONSENT_NEEDED_ZH, target: consent });
  }
  return problems;
}

/** Each error under its field, and a summary on top that links to each one (focus moves there). */
function showProblems(problems: Problem[], title = '还有几处需要补充：') {
  for (const p of problems) {
    fieldError(
      p.name,
      p.message,
      p.target.tagName === 'INPUT' && p.target.getAttribute('type') === 'radio' ? null : p.target,
    );
  }
  const list = el('ul');
  for (const p of problems) {
    const label = p.name in LABELS ? LABELS[p.name as keyof typeof LABELS] : '';
    const a = el('a', `${label}${label ? '：' : ''}${p.message}`, {
      href: `#${p.target.id || `q-${p.name}`}`,
    });
    a.addEventListener('click', (e) => {
      e.preventDefault();
      p.target.focus();
    });
    const li = el('li');
    li.append(a);
    list.append(li);
  }
  summary.replaceChildren(el('p', title), list);
  show(summary);
  summary.focus();
}

const LABELS = {
  unitId: '村或单位',
  photo: '照片',
  warmth: '第 1 题',
  solved: '第 2 题',
  happiness: '第 3 题',
  complaint: '问题或建议',
  phone: '手机号',
  consent: '同意回电',
} as const;

/** A server's field (`body.ratings.warmth`) → the form's name for it. */
function fieldOf(issue: FieldIssue): keyof typeof LABELS | undefined {
  const parts = issue.field.split('.');
  const last = parts[parts.length - 1] ?? '';
  if ((QUESTION_IDS as readonly string[]).includes(last)) return last as QuestionId;
  if (parts.includes('unitId')) return 'unitId';
  if (parts.includes('photoKey')) return 'photo';
  if (parts.includes('complaint')) return 'complaint';
  if (parts.includes('phone')) return 'phone';
  if (parts.includes('consent')) return 'consent';
  return undefined;
}

// ── the receipt ─────────────────────────────────────────────────────────────────────────────────────────

function showReceipt(t: string, receipt: Receipt) {
  show(form, false);
  show(byId('lookup-link'), false);
  const code = byId('code');
  code.replaceChildren(...codeGroups(receipt.receiptCode));
  // Read aloud one symbol at a time (a screen reader would try to pronounce the groups as words).
  setText(byId('code-spelled'), spelled(receipt.receiptCode));
  setText(byId('done-message'), receipt.message);
  byId<HTMLAnchorElement>('track').href = `${formPage(t)}/r/${encodeURIComponent(receipt.receiptCode)}`;
  const done = byId('done');
  show(done);
  done.focus();
  byId('copy').addEventListener('click', async () => {
    const copyStatus = byId('copy-status');
    try {
      await navigator.clipboard.writeText(receipt.receiptCode);
      setText(copyStatus, '已复制回执码');
    } catch {
      const range = document.createRange();
      range.selectNodeContents(code);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      setText(copyStatus, '已选中回执码，请长按复制');
    }
  });
}

// ── the photo (only where the API has a public upload route: see __PHOTO_ROUTE__) ──────────────────────

const kb = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/**
 * Send the resized photo to the API in one request (the bytes are the body; the API checks them and answers
 * the key the submission names). One round trip on a weak signal, and nothing to configure across origins.
 */
async function uploadPhoto(api: string, blob: Blob): Promise<string> {
  const path = __PHOTO_ROUTE__.replace('/public/forms/{token}', api);
  try {
    const out = await request<{ key: string }>('POST', path, { raw: blob, timeoutMs: 90_000 });
    return out.key;
  } catch (err) {
    // A refusal the resident can act on (too often, not a photo) is shown as the API words it.
    if (err instanceof ApiError && err.status < 500) throw err;
    throw new Error('photo');
  }
}

// ── wiring ──────────────────────────────────────────────────────────────────────────────────────────────

function applyInfo(info: FormInfo) {
  if (info.units.length) {
    for (const u of info.units) unitSelect.append(el('option', u.name, { value: u.unitId }));
    needsUnit = true;
    show(byId('unit-block'));
  }
  const place = [info.township, info.unit].filter(Boolean).join(' · ');
  if (place) {
    setText(byId('place'), place);
    document.title = `群众评价 · ${place}`;
  }
  for (const q of info.questions) {
    const text = document.getElementById(`qt-${q.id}`);
    if (text) setText(text, q.text);
  }
  const labels = new Map(info.scale.map((s) => [s.value, s.label]));
  for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('.opt input'))) {
    const label = labels.get(input.value as Body['ratings'][QuestionId]);
    const span = input.nextElementSibling as HTMLElement | null;
    if (label && span) setText(span, label);
  }
}

function main() {
  if (!token) {
    showRefusal('invalid', [form]);
    show(byId('lookup-link'), false);
    return;
  }
  const t = token;
  const api = formApi(t);
  byId<HTMLAnchorElement>('lookup-link').href = `${formPage(t)}/r/`;

  const updateCount = () => {
    const left = complaint.maxLength - complaint.value.length;
    setText(count, left >= 0 ? `还可以写 ${left} 字` : `超出 ${-left} 字`);
  };
  complaint.addEventListener('input', updateCount);
  updateCount();
  show(byId('contact-block'), __CONTACT__);
  if (__PHOTO_ROUTE__) {
    show(byId('photo-block'));
    photoInput.addEventListener('change', async () => {
      const file = photoInput.files?.[0];
      const state = byId('photo-state');
      photo = undefined;
      fieldError('photo', undefined, photoInput);
      if (!file) return setText(state, '');
      setText(state, '正在压缩照片…');
      try {
        photo = await resizePhoto(file);
        setText(state, `已压缩：${kb(file.size)} → ${kb(photo.size)}`);
      } catch {
        setText(state, '');
        fieldError('photo', '这个文件不是照片，请重新选择', photoInput);
      }
    });
  }
  // A choice clears that question's error at once.
  form.addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.type === 'radio') fieldError(input.name, undefined);
  });

  request<FormInfo>('GET', api).then(applyInfo, (e: unknown) => {
    // A mistyped, revoked or expired link, or a township that paused: say so, and what to do instead.
    if (refused(e)) return;
    if (e instanceof ApiError && e.status >= 400 && e.status < 500) fail(messageOf(e));
  });
  // Solved in the background while the resident answers; a failure here is retried at submit time.
  freshChallenge(api).catch(() => {});

  let busy = false;
  /** One key per content: a retry of the same answers reuses it (stored once), changed answers get a new one. */
  let attempt: { content: string; key: string } | undefined;

  /** Send once; a used or expired challenge is replaced and sent once more, without asking the resident. */
  async function send(content: Content, key: string): Promise<Receipt> {
    for (let round = 0; ; round++) {
      setText(status, round ? '安全验证已过期，正在重新验证…' : '正在进行安全验证，请稍候…');
      let altcha: string;
      try {
        altcha = await altchaPayload(api, round > 0);
      } catch (e) {
        throw e instanceof ApiError && e.status === 410 ? e : new Error('challenge');
      }
      setText(status, '正在提交…');
      try {
        return await request<Receipt>('POST', `${api}/feedback`, {
          body: { ...content, altcha, ...(honeypot.value ? { website: honeypot.value } : {}) },
          headers: { 'idempotency-key': key },
          timeoutMs: 60_000,
        });
      } catch (e) {
        const challengeFailed = e instanceof ApiError && e.issues.some((i) => i.field === 'body.altcha');
        if (!challengeFailed || round > 0) throw e;
      }
    }
  }

  function showFailure(err: unknown) {
    if (err instanceof ApiError) {
      const named = err.issues
        .map((i) => ({ issue: i, name: fieldOf(i) }))
        .filter((x): x is { issue: FieldIssue; name: keyof typeof LABELS } => Boolean(x.name));
      if (named.length) {
        return showProblems(
          named.map(({ issue, name }) => ({
            name,
            message: issue.reason,
            target: (QUESTION_IDS as readonly string[]).includes(name)
              ? form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!
              : byId(name),
          })),
          err.message,
        );
      }
      if (refused(err)) return;
      if (err.status === 410) return fail(err.message);
      summary.replaceChildren(el('p', err.message));
    } else {
      summary.replaceChildren(
        el(
          'p',
          (err as Error).message === 'challenge'
            ? '安全验证没有完成，请检查手机信号后再点一次“提交评价”。'
            : (err as Error).message === 'photo'
              ? '照片没有传上去，请检查手机信号后再点一次“提交评价”，或者去掉照片再提交。'
              : `${messageOf(err)}再点一次“提交评价”即可，不会重复提交。`,
        ),
      );
    }
    show(summary);
    summary.focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    clearErrors();
    show(alertBox, false);
    const problems = validate();
    if (problems.length) return showProblems(problems);
    const text = complaint.value.trim();
    const number = normalisePhone(phone.value);
    const content: Content = {
      ...(needsUnit ? { unitId: unitSelect.value } : {}),
      ratings: { warmth: checked('warmth')!, solved: checked('solved')!, happiness: checked('happiness')! },
      ...(text ? { complaint: text } : {}),
      ...(__CONTACT__ && number && consent.checked ? { phone: number, consent: true } : {}),
    };
    const serialised = JSON.stringify(content);
    if (attempt?.content !== serialised) attempt = { content: serialised, key: randomKey() };
    busy = true;
    // aria-disabled, not disabled: the button keeps the focus while the request runs.
    submit.setAttribute('aria-disabled', 'true');
    try {
      if (__PHOTO_ROUTE__ && photo) {
        if (uploaded?.photo !== photo) {
          setText(status, '正在上传照片…');
          uploaded = { photo, key: await uploadPhoto(api, photo) };
        }
        content.photoKey = uploaded.key;
      }
      const receipt = await send(content, attempt.key);
      setText(status, '');
      showReceipt(t, receipt);
    } catch (err) {
      setText(status, '');
      showFailure(err);
    } finally {
      busy = false;
      submit.removeAttribute('aria-disabled');
    }
  });
}

main();
