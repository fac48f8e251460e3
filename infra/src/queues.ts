import type { EventPattern as BusPattern, Subscription } from '@zuofeng/messaging';
import {
  isSupportedPattern,
  rulePattern,
  subscriptionDefaults,
  visibilityTimeoutSeconds,
} from '@zuofeng/messaging';
import { CfnOutput, Duration, type RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TAG } from './config';

/** SQS keeps a message at most 14 days; a DLQ keeps it that long so that nobody has to hurry a redrive. */
export const DLQ_RETENTION = Duration.days(14);
/** AWS advises at least five receives before dead-lettering, so a throttled consumer does not lose messages. */
export const MIN_MAX_RECEIVE_COUNT = 5;

/** `intake-on-feedback-submitted` → `IntakeOnFeedbackSubmitted`, for stable output names. */
export const pascal = (kebab: string): string =>
  kebab
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

export interface DeadLetterQueueProps {
  /** The subscription, pipe or schedule whose failures land here; names the output and the tag. */
  readonly consumer: string;
  /** Prefix of the stack output `DlqUrl<Prefix><Consumer>`. */
  readonly outputPrefix?: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A dead-letter queue that can be found and watched: tagged `zuofeng:dlq=true` (with the stage tag from the
 * app) for `npm run dlq -- list --aws`, its URL a stack output, and an alarm as soon as one message lands.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;
  readonly consumer: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.consumer = props.consumer;
    this.queue = new sqs.Queue(this, 'Queue', {
      retentionPeriod: DLQ_RETENTION,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
    });
    Tags.of(this.queue).add(TAG.dlq, 'true');
    Tags.of(this.queue).add(TAG.consumer, props.consumer);
    new CfnOutput(this, 'Url', {
      value: this.queue.queueUrl,
      description: `DLQ of ${props.consumer}`,
    }).overrideLogicalId(`DlqUrl${props.outputPrefix ?? ''}${pascal(props.consumer)}`);
    // Nothing lost also means nothing unnoticed: a DLQ is empty in a healthy system.
    this.alarm = new cloudwatch.Alarm(this, 'NotEmpty', {
      alarmDescription: `Messages are waiting in the DLQ of ${props.consumer}; inspect and redrive them`,
      metric: this.queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}

/** The CDK EventPattern for a bus pattern: same content, CDK's camel-cased top-level keys. */
export function toCdkEventPattern(pattern: BusPattern): events.EventPattern {
  if (!isSupportedPattern(pattern)) {
    throw new Error(`pattern ${JSON.stringify(pattern)} uses more than the local bus understands`);
  }
  const keys: Record<string, keyof events.EventPattern> = {
    source: 'source',
    'detail-type': 'detailType',
    detail: 'detail',
    account: 'account',
    region: 'region',
    resources: 'resources',
    id: 'id',
    time: 'time',
    version: 'version',
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    const cdkKey = keys[key];
    if (!cdkKey) throw new Error(`event pattern key "${key}" has no CDK equivalent`);
    out[cdkKey] = value;
  }
  return out as events.EventPattern;
}

export interface SubscriptionChannelProps {
  readonly subscription: Subscription;
  readonly bus: events.IEventBus;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One consumer's delivery path: rule → queue (→ DLQ). The rule lives here, beside its queue, and not with
 * the consumer function: the queue's resource policy must name the rule, and a policy in this stack that
 * named a rule in the stateless stack would make the two stacks depend on each other. It also means events
 * keep queueing while the stateless stack is being replaced.
 */
export class SubscriptionChannel extends Construct {
  readonly subscription: Subscription;
  readonly queue: sqs.Queue;
  readonly dlq: DeadLetterQueue;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SubscriptionChannelProps) {
    super(scope, id);
    const sub = props.subscription;
    this.subscription = sub;
    const maxReceiveCount = sub.maxReceiveCount ?? subscriptionDefaults.maxReceiveCount;
    if (maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
      throw new Error(
        `subscription ${sub.name}: maxReceiveCount ${maxReceiveCount} is below ${MIN_MAX_RECEIVE_COUNT}`,
      );
    }
    this.dlq = new DeadLetterQueue(this, 'Dlq', { consumer: sub.name, removalPolicy: props.removalPolicy });
    this.queue = new sqs.Queue(this, 'Queue', {
      // Six times the function timeout (AWS's advice), computed by the same function the local runtime uses.
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(sub)),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.dlq.queue, maxReceiveCount },
      removalPolicy: props.removalPolicy,
    });
    Tags.of(this.queue).add(TAG.consumer, sub.name);
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: `Events for ${sub.name}`,
      eventPattern: toCdkEventPattern(rulePattern(sub)),
      // If EventBridge itself cannot deliver (a broken queue policy, say), the event goes to the same DLQ
      // instead of being dropped after 24 hours of retries.
      targets: [new targets.SqsQueue(this.queue, { deadLetterQueue: this.dlq.queue })],
    });
  }
}
