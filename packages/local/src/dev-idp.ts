import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { verifyPassword } from '@zuofeng/core';
import type { UsernameRecord } from '@zuofeng/ddb';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { DemoUser } from './demo-data';

/** Finds a sign-in name and whether its tenant is active: the table is this provider's user store. */
export type UserLookup = (
  username: string,
) => Promise<(UsernameRecord & { tenantActive: boolean }) | undefined>;

const ALG = 'RS256';

/**
 * The development identity provider: an OIDC-shaped issuer (JWKS, discovery) that signs Cognito-shaped
 * tokens (`custom:tenantId`, `cognito:groups`) for the seeded demo users. The local HTTP server verifies its
 * tokens exactly as API Gateway's JWT authorizer verifies Cognito's. Its key is kept on disk so that tokens
 * survive a restart.
 */
export class DevIdentityProvider {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    private readonly privateKey: CryptoKey | Uint8Array,
    private readonly publicJwk: JWK,
    private readonly users: readonly DemoUser[],
    private readonly lookup: UserLookup,
  ) {}

  static async create(opts: {
    issuer: string;
    audience: string;
    /** Shown as the demo hint; sign-in itself goes through `lookup`. */
    users: readonly DemoUser[];
    lookup: UserLookup;
    keyFile?: string;
  }) {
    let privateJwk: JWK;
    if (opts.keyFile && existsSync(opts.keyFile)) {
      privateJwk = JSON.parse(readFileSync(opts.keyFile, 'utf8'));
    } else {
      const { privateKey } = await generateKeyPair(ALG, { extractable: true });
      privateJwk = { ...(await exportJWK(privateKey)), kid: `dev-${Date.now()}`, alg: ALG };
      if (opts.keyFile) {
        mkdirSync(dirname(opts.keyFile), { recursive: true });
        writeFileSync(opts.keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
      }
    }
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
    const key = await importJWK(privateJwk, ALG);
    return new DevIdentityProvider(
      opts.issuer,
      opts.audience,
      key,
      { ...publicJwk, use: 'sig' },
      opts.users,
      opts.lookup,
    );
  }

  get jwks(): { keys: JWK[] } {
    return { keys: [this.publicJwk] };
  }

  get discovery() {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/.well-known/jwks.json`,
      token_endpoint: `${this.issuer}/dev/token`,
      id_token_signing_alg_values_supported: [ALG],
    };
  }

  listUsers(): readonly DemoUser[] {
    return this.users;
  }

  /**
   * A token for an account, as Cognito would issue it; the reason for a refusal otherwise. Like Cognito it
   * refuses a disabled account, and like zuofeng's pre-checks it refuses a suspended tenant's users.
   */
  async issue(
    username: string,
    password: string,
    ttlSeconds = 12 * 3600,
  ): Promise<{ token: string } | { refused: 'credentials' | 'disabled' | 'suspended' }> {
    const user = await this.lookup(username);
    if (!user || !verifyPassword(password, user.passwordHash)) return { refused: 'credentials' };
    if (user.status === 'disabled') return { refused: 'disabled' };
    if (!user.tenantActive) return { refused: 'suspended' };
    const token = await new SignJWT({
      'custom:tenantId': user.tenantId,
      'cognito:groups': user.roles,
      name: user.name,
      username: user.username,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: ALG, kid: this.publicJwk.kid })
      .setSubject(user.accountId)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
    return { token };
  }

  /** Verify as API Gateway's JWT authorizer does: signature, issuer, audience, expiry. */
  async verify(token: string): Promise<JWTPayload> {
    const key = await importJWK(this.publicJwk, ALG);
    const { payload } = await jwtVerify(token, key, {
      issuer: this.issuer,
      audience: this.audience,
      algorithms: [ALG],
    });
    return payload;
  }
}
