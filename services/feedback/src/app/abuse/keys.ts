import { tenantPk } from '@zuofeng/ddb';

/** The abuse-protection records, each in its tenant's partitions and each removed by TTL (`expiresAt`). */
export const abuseKeys = {
  /** A used ALTCHA challenge, by its signature: a solution is accepted once. */
  nonce: (tenantId: string, signature: string) => ({ pk: tenantPk(tenantId, 'ALTCHA'), sk: signature }),
  /** A used ticket of the simple page (ticket.ts), in the same store: a ticket is accepted once. */
  ticketNonce: (tenantId: string, nonce: string) => ({
    pk: tenantPk(tenantId, 'ALTCHA'),
    sk: `TICKET#${nonce}`,
  }),
  /** A fixed-window counter of stored submissions from one hashed client address. */
  addressWindow: (tenantId: string, addressHash: string, windowStart: number) => ({
    pk: tenantPk(tenantId, 'RATE'),
    sk: `ADDR#${addressHash}#${windowStart}`,
  }),
  /** The same two counters for the simple page's (ticket) submissions alone. */
  ticketAddressWindow: (tenantId: string, addressHash: string, windowStart: number) => ({
    pk: tenantPk(tenantId, 'RATE'),
    sk: `TADDR#${addressHash}#${windowStart}`,
  }),
  ticketLinkWindow: (tenantId: string, linkId: string, windowStart: number) => ({
    pk: tenantPk(tenantId, 'RATE'),
    sk: `TLINK#${linkId}#${windowStart}`,
  }),
  /** A fixed-window counter of stored submissions on one form link. */
  linkWindow: (tenantId: string, linkId: string, windowStart: number) => ({
    pk: tenantPk(tenantId, 'RATE'),
    sk: `LINK#${linkId}#${windowStart}`,
  }),
  /** The first answer given to an Idempotency-Key on a link. */
  idempotency: (tenantId: string, linkId: string, key: string) => ({
    pk: tenantPk(tenantId, 'IDEM'),
    sk: `${linkId}#${key}`,
  }),
};
