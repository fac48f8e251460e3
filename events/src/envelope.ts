import { z } from 'zod';

/** A tenant id: lower-case letters, digits and dashes. It leads every partition key. */
export const TenantId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,39}$/, 'a tenant id is 3–40 lower-case letters, digits or dashes');

/** Who caused an event. Consumers re-enter the tenant as this actor, never as a global identity. */
export const Actor = z.object({
  type: z.enum(['user', 'public', 'system']),
  /** A user id for staff, a hashed form-link id for residents, a job name for the system. */
  id: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof Actor>;

/** The metadata that every event carries, whatever its type. */
export const EventMetadata = z.object({
  eventId: z.string().min(10).max(64),
  tenantId: TenantId,
  actor: Actor,
  correlationId: z.string().min(1).max(128),
  occurredAt: z.iso.datetime(),
  version: z.number().int().positive(),
});
export type EventMetadata = z.infer<typeof EventMetadata>;

/** The full envelope: metadata plus the event's own data, under its detail-type. */
export interface EventEnvelope<T> {
  detailType: string;
  source: string;
  metadata: EventMetadata;
  data: T;
}
