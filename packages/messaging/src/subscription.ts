import type { AnyEventDeclaration } from '@zuofeng/events';
import type { EventPattern } from './pattern';

/**
 * A consumer: one queue, one rule, one function. Declared in a service manifest and read by both CDK and the
 * local runtime.
 */
export interface Subscription {
  /** Unique across the platform, kebab-case: `intake-on-feedback-submitted`. Names the queue and the DLQ. */
  name: string;
  /** The events it consumes. The rule pattern is derived from these declarations. */
  events: readonly AnyEventDeclaration[];
  /** Module (relative to the repository root) that exports `handler`. */
  entry: string;
  /** @default 10 */
  batchSize?: number;
  /** @default 30 */
  timeoutSeconds?: number;
  /** @default 5 */
  maxReceiveCount?: number;
}

/** The EventBridge rule pattern of a subscription: its events' sources and detail-types. */
export function rulePattern(sub: Pick<Subscription, 'events'>): EventPattern {
  return {
    source: [...new Set(sub.events.map((e) => e.source))],
    'detail-type': [...new Set(sub.events.map((e) => e.detailType))],
  };
}

export const subscriptionDefaults = { batchSize: 10, timeoutSeconds: 30, maxReceiveCount: 5 } as const;

/** SQS visibility timeout for a consumer queue: six times the function timeout, as AWS advises. */
export const visibilityTimeoutSeconds = (sub: Subscription): number =>
  6 * (sub.timeoutSeconds ?? subscriptionDefaults.timeoutSeconds);
