/**
 * The proof-of-work worker: searches its share of the candidates (`start`, `start + step`, …) off the main
 * thread, so the page stays responsive on a slow phone while the resident fills in the form.
 */
import { type Challenge, search } from './pow-core';

interface Work {
  challenge: Challenge;
  start: number;
  step: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Work | 'stop'>) => void) | null;
  postMessage(message: unknown): void;
};
let stopped = false;

scope.onmessage = (e) => {
  if (e.data === 'stop') {
    stopped = true;
    return;
  }
  const { challenge, start, step } = e.data;
  stopped = false;
  search(challenge, start, step, () => stopped).then(
    (found) => scope.postMessage({ found }),
    (err: unknown) => scope.postMessage({ error: String((err as Error)?.message ?? err) }),
  );
};
