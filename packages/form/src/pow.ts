import { type Challenge, type Found, payloadOf, search } from './pow-core';

/** The worker's URL with its content hash, set by the build (build.ts). */
declare const __POW_URL__: string;

export interface Solving {
  /** The `altcha` payload once solved; rejects when no worker found a solution. */
  payload: Promise<string>;
  cancel(): void;
}

/**
 * Solve a challenge with a few workers in parallel (each takes every n-th candidate). Where workers are not
 * available (an old WebView, a strict policy), the same search runs on the main thread between frames.
 */
export function solve(challenge: Challenge): Solving {
  const started = Date.now();
  const count = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  const workers: Worker[] = [];
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    for (const w of workers) w.terminate();
  };
  const payload = new Promise<string>((resolve, reject) => {
    const done = (found: Found) => {
      cancel();
      resolve(payloadOf(challenge, found, Date.now() - started));
    };
    try {
      for (let i = 0; i < count; i++) workers.push(new Worker(__POW_URL__));
    } catch {
      for (const w of workers) w.terminate();
      workers.length = 0;
    }
    if (!workers.length) {
      search(challenge, 0, 1, () => cancelled).then(
        (found) => (found ? done(found) : reject(new Error('no solution'))),
        reject,
      );
      return;
    }
    let finished = 0;
    for (const [i, w] of workers.entries()) {
      w.onmessage = (e: MessageEvent<{ found?: Found | null; error?: string }>) => {
        if (e.data.found) return done(e.data.found);
        if (++finished === workers.length) {
          cancel();
          reject(new Error(e.data.error ?? 'no solution'));
        }
      };
      w.onerror = () => {
        if (++finished === workers.length) {
          cancel();
          reject(new Error('worker failed'));
        }
      };
      w.postMessage({ challenge, start: i, step: workers.length });
    }
  });
  // A rejection nobody awaits yet is not an error of the page.
  payload.catch(() => {});
  return { payload, cancel };
}
