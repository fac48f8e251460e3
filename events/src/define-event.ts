import { ulid } from 'ulid';
import { z } from 'zod';
import { type Actor, type EventEnvelope, EventMetadata } from './envelope';

/** What a producer knows when it raises an event: the verified tenant, the actor, the request's correlation id. */
export interface EventContext {
  tenantId: string;
  actor: Actor;
  correlationId: string;
  /** @default now */
  occurredAt?: Date;
}

export interface EventDeclaration<S extends z.ZodType> {
  /** EventBridge detail-type, e.g. `problem.reported`. Lower-case, dotted, past tense. */
  readonly detailType: string;
  /** EventBridge source: the owning service, e.g. `zuofeng.intake`. */
  readonly source: string;
  /** Schema version of `data`; bumped on a breaking change, with both versions accepted during migration. */
  readonly version: number;
  readonly schema: S;
  /** Schema of the whole envelope, used by consumers and the contract test. */
  readonly envelope: z.ZodType<EventEnvelope<z.infer<S>>>;
  /** Build a valid envelope; throws if `data` does not match the schema, so a producer cannot emit garbage. */
  create(ctx: EventContext, data: z.input<S>): EventEnvelope<z.infer<S>>;
  /** Parse an envelope received from the bus. */
  parse(input: unknown): EventEnvelope<z.infer<S>>;
}

/** Declare an event once. Publishers, consumers, CDK rules and the local bus import this declaration. */
export function defineEvent<S extends z.ZodType>(opts: {
  detailType: string;
  source: string;
  version: number;
  schema: S;
}): EventDeclaration<S> {
  const envelope = z.object({
    detailType: z.literal(opts.detailType),
    source: z.literal(opts.source),
    metadata: EventMetadata.extend({ version: z.literal(opts.version) }),
    data: opts.schema,
  }) as unknown as z.ZodType<EventEnvelope<z.infer<S>>>;
  return {
    ...opts,
    envelope,
    create(ctx, data) {
      return envelope.parse({
        detailType: opts.detailType,
        source: opts.source,
        metadata: {
          eventId: ulid(),
          tenantId: ctx.tenantId,
          actor: ctx.actor,
          correlationId: ctx.correlationId,
          occurredAt: (ctx.occurredAt ?? new Date()).toISOString(),
          version: opts.version,
        },
        data,
      });
    },
    parse(input) {
      return envelope.parse(input);
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a catalogue holds declarations of every schema
export type AnyEventDeclaration = EventDeclaration<any>;
