/** DOM helpers of a few lines. Text goes in with textContent only: nothing is ever parsed as HTML. */
export const byId = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
};

export function setText(el: HTMLElement, text: string): void {
  el.textContent = text;
}

export function show(el: HTMLElement, on = true): void {
  el.hidden = !on;
}

/** An element with text, built by hand. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Show a field's error under it, mark the control invalid, and the block around it. */
export function fieldError(name: string, message: string | undefined, control?: HTMLElement | null): void {
  const err = document.getElementById(`err-${name}`);
  if (err) {
    err.textContent = message ?? '';
    err.hidden = !message;
  }
  const block = document.getElementById(`q-${name}`) ?? err?.closest('.block');
  block?.classList.toggle('invalid', Boolean(message));
  if (control) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
}

/** Spell a code out for a screen reader: `7K3Q-9M2D` → `7 K 3 Q，9 M 2 D`. */
export const spelled = (code: string): string =>
  code
    .split('-')
    .map((g) => g.split('').join(' '))
    .join('，');

/**
 * A receipt code as one span per group of four (`7K3Q-`, `9M2D-`, …; CSS `.code-group` keeps each on one
 * line) with a `<wbr>` after each dash: a narrow screen wraps between groups, never inside one, so a code
 * copied by hand is never misread. (Plain text may not break after a dash before a digit; `<wbr>` may. Inline
 * blocks would, too, but a screen reader would then read the code's name with spaces in it.)
 */
export const codeGroups = (code: string): HTMLElement[] =>
  code
    .split('-')
    .flatMap((g, i, all) =>
      i < all.length - 1
        ? [el('span', `${g}-`, { class: 'code-group' }), el('wbr')]
        : [el('span', g, { class: 'code-group' })],
    );
