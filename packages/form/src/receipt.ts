/**
 * `/f/<token>/r/<code>`: what a receipt says (the case's public state and the public reply, never internal
 * notes), and the re-rating (回访) while the rectification awaits the resident's judgement. Without a code in
 * the path (`/f/<token>/r/`), the resident types it in.
 */
import type { z } from 'zod';
import type { receiptRoute, rerateRoute } from '../../../services/feedback/src/contract-links';
import { CODE_EMPTY_ZH } from '../../../services/feedback/src/domain/form-wording';
import { ApiError, formApi, formPage, messageOf, pagePath, request } from './api';
import { byId, codeGroups, fieldError, setText, show } from './dom';
import { refusalOf, showRefusal } from './refusal';

const BAD_CODE = '回执码格式不对：应为 16 位字母和数字';

// Crockford base32 without I, L, O, U, as services/feedback/src/domain/receipt-code.ts issues them.
function normaliseCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(s)) return undefined;
  return s.match(/.{4}/g)!.join('-');
}

type ReceiptView = z.infer<typeof receiptRoute.response>;
type Rerated = z.infer<typeof rerateRoute.response>;
type RerateBody = z.input<NonNullable<typeof rerateRoute.body>>;

const alertBox = byId('alert');
const lookup = byId<HTMLFormElement>('lookup');
const codeInput = byId<HTMLInputElement>('code-input');
const result = byId('result');
const status = byId('status');
const rerate = byId<HTMLFormElement>('rerate');
const rerateButton = byId<HTMLButtonElement>('rerate-submit');

const time = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat('zh-CN', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Shanghai',
    }).format(d);
  } catch {
    return d.toLocaleString();
  }
};

function render(r: ReceiptView) {
  byId('result-code').replaceChildren(...codeGroups(r.receiptCode));
  setText(byId('state'), r.state.label);
  setText(byId('submitted'), time(r.submittedAt));
  // The reply is text: pre-wrap keeps its lines, and nothing in it is ever markup.
  setText(byId('reply'), r.reply?.text ?? '');
  setText(byId('replied'), r.reply ? `回复时间：${time(r.reply.repliedAt)}` : '');
  show(byId('reply-block'), Boolean(r.reply));
  show(rerate, r.rerating.open);
  // Why there is no re-rating now (not yet rectified, already given): said only when it matters to the resident.
  const note = !r.rerating.open && r.state.code !== 'rated' ? (r.rerating.reason ?? '') : '';
  setText(byId('rerate-note'), note);
  show(byId('rerate-note'), Boolean(note));
  show(result);
}

/** The code whose receipt is shown (what the re-rating is for, whatever the lookup field holds now). */
let shown: string | undefined;

async function load(api: string, code: string, focus: boolean) {
  setText(status, '正在查询…');
  try {
    const r = await request<ReceiptView>('GET', `${api}/receipts/${encodeURIComponent(code)}`);
    setText(status, '');
    shown = r.receiptCode;
    render(r);
    if (focus) result.focus();
  } catch (e) {
    setText(status, '');
    shown = undefined;
    show(result, false);
    if (refused(e)) return;
    setText(
      alertBox,
      e instanceof ApiError && e.status === 404 ? '没有找到这个回执码，请核对后再试。' : messageOf(e),
    );
    show(alertBox);
  }
}

/**
 * A link mistyped, or of a township that paused: nothing to look up here. (A revoked or expired link still
 * answers for its receipts: the poster may be gone, the resident's right to follow the case is not.)
 */
function refused(e: unknown): boolean {
  const kind = refusalOf(e);
  if (kind) showRefusal(kind, [lookup, result, byId('form-link')]);
  return Boolean(kind);
}

function main() {
  const { token, rest } = pagePath();
  if (!token) {
    showRefusal('invalid', [lookup, byId('form-link')]);
    return;
  }
  const api = formApi(token);
  byId<HTMLAnchorElement>('form-link').href = formPage(token);
  request<{ township: string; unit: string }>('GET', api).then(
    (info) => {
      const place = [info.township, info.unit].filter(Boolean).join(' · ');
      if (place) setText(byId('place'), place);
    },
    // The form of a revoked or expired link is refused, its receipts are not: only a link that is wrong
    // (or a township that paused) stops the page here.
    (e: unknown) => {
      const kind = refusalOf(e);
      if (kind === 'invalid' || kind === 'suspended') refused(e);
    },
  );
  const given =
    rest[0] === 'r' ? (rest[1] ?? new URLSearchParams(window.location.search).get('code') ?? '') : '';
  const code = given ? normaliseCode(given) : undefined;
  if (code) {
    codeInput.value = code;
    void load(api, code, false);
  } else if (given) {
    fieldError('code', given.trim() ? BAD_CODE : CODE_EMPTY_ZH, codeInput);
  }

  lookup.addEventListener('submit', (e) => {
    e.preventDefault();
    const c = normaliseCode(codeInput.value);
    if (!c) {
      fieldError('code', codeInput.value.trim() ? BAD_CODE : CODE_EMPTY_ZH, codeInput);
      codeInput.focus();
      return;
    }
    fieldError('code', undefined, codeInput);
    show(alertBox, false);
    window.history.replaceState(null, '', `${formPage(token)}/r/${encodeURIComponent(c)}`);
    void load(api, c, true);
  });

  let busy = false;
  rerate.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    const c = shown;
    const rating = rerate.querySelector<HTMLInputElement>('input[name="rating"]:checked')?.value;
    if (!rating) {
      fieldError('rerate', '请选择一项', null);
      rerate.querySelector<HTMLInputElement>('input[name="rating"]')?.focus();
      return;
    }
    fieldError('rerate', undefined, null);
    if (!c) return;
    busy = true;
    rerateButton.setAttribute('aria-disabled', 'true');
    show(alertBox, false);
    setText(status, '正在提交…');
    try {
      const body: RerateBody = { rating: rating as RerateBody['rating'] };
      const out = await request<Rerated>('POST', `${api}/receipts/${encodeURIComponent(c)}/rerating`, {
        body,
      });
      await load(api, c, false);
      setText(status, out.message);
    } catch (err) {
      setText(status, '');
      setText(alertBox, messageOf(err));
      show(alertBox);
    } finally {
      busy = false;
      rerateButton.removeAttribute('aria-disabled');
    }
  });
}

main();
