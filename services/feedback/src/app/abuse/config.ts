/** A fixed-window limit: at most `max` stored submissions per `windowSeconds`. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/** Every number of the public form's abuse protection, in one place (issue 5, section 6). */
export interface AbuseConfig {
  challenge: {
    /**
     * ALTCHA complexity: the secret number is drawn from 0…maxNumber, so a solver tries maxNumber / 2 SHA-256
     * hashes on average. 50 000 costs a cheap phone's WebCrypto about 1–3 s on average (altcha-lib's own
     * solver, one thread, takes 2.6 s for the worst case of 50 000 on a server core), and the form solves it
     * in the background while the resident is still reading the questions. A bot with native SHA-256 pays
     * ~50 ms: the proof of work raises the price of bulk posting; the nonce store, rate limits and
     * the honeypot do the rest.
     */
    maxNumber: number;
    /**
     * How long a challenge stays valid. The challenge also dates the form (the minimum fill time is read from
     * its signed issue time), so it must outlast a resident writing a complaint on a phone; the form fetches
     * a new one when it expires. The nonce store keeps each used challenge at least this long.
     */
    ttlSeconds: number;
  };
  /** A submission sooner than this after its challenge was issued is a suspected bot. */
  minFillMs: number;
  rateLimits: {
    /**
     * Per hashed client address. Mobile carriers put many phones behind one IPv4 address (CGNAT), and a
     * village meeting may scan the poster together, so this is looser than one phone needs; IPv6 clients
     * are counted per /64 so a phone cannot rotate its way around it.
     */
    perAddress: RateLimit;
    /** Per form link: a poster in a township is scanned by hundreds, not thousands, in an hour. */
    perLink: RateLimit;
    /**
     * The simple page's submissions, counted apart and on top of the two above. Its ticket costs a bot one
     * GET where the full form's proof of work costs hashing, so it gets tighter windows of its own: the few
     * residents without scripts fit in them, and a bot posting through it cannot fill a poster's whole hour.
     */
    ticketPerAddress: RateLimit;
    ticketPerLink: RateLimit;
  };
  /** How long the same Idempotency-Key on the same link returns the first answer. */
  idempotencyTtlSeconds: number;
}

export const ABUSE_DEFAULTS: AbuseConfig = {
  challenge: { maxNumber: 50_000, ttlSeconds: 20 * 60 },
  minFillMs: 3_000,
  rateLimits: {
    // A village meeting on the committee's Wi-Fi, or a carrier's CGNAT, puts dozens of residents behind one
    // address within minutes; the proof of work prices each submission, and the link's window caps the hour.
    perAddress: { max: 60, windowSeconds: 10 * 60 },
    perLink: { max: 300, windowSeconds: 60 * 60 },
    ticketPerAddress: { max: 10, windowSeconds: 10 * 60 },
    ticketPerLink: { max: 60, windowSeconds: 60 * 60 },
  },
  idempotencyTtlSeconds: 24 * 60 * 60,
};

/** The defaults with the overrides a deployment (or a test runtime) sets through its environment. */
export function abuseConfig(
  overrides: { minFillMs?: number; perAddressMax?: number; perLinkMax?: number } = {},
): AbuseConfig {
  const d = ABUSE_DEFAULTS;
  const r = d.rateLimits;
  const perAddressMax = overrides.perAddressMax ?? r.perAddress.max;
  const perLinkMax = overrides.perLinkMax ?? r.perLink.max;
  return {
    ...d,
    minFillMs: overrides.minFillMs ?? d.minFillMs,
    rateLimits: {
      perAddress: { ...r.perAddress, max: perAddressMax },
      perLink: { ...r.perLink, max: perLinkMax },
      // An override lowers the simple page's windows with the others, never raises them above its own.
      ticketPerAddress: { ...r.ticketPerAddress, max: Math.min(r.ticketPerAddress.max, perAddressMax) },
      ticketPerLink: { ...r.ticketPerLink, max: Math.min(r.ticketPerLink.max, perLinkMax) },
    },
  };
}

/**
 * The simple page's ticket (ticket.ts): how long a page opened without scripts may wait before it is sent. A
 * resident may open it in the evening and send it in the morning; a ticket is no proof of work, so a long life
 * costs nothing (a bot gets a fresh one with one GET anyway). It must not outlive `idempotencyTtlSeconds`: a
 * browser that posts the same page again within its life then always gets the first answer.
 */
export const BASIC_TICKET = { ttlSeconds: 12 * 60 * 60 };
