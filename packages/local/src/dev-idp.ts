import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { DEMO_PASSWORD, type DemoUser } from './demo-data';

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
  ) {}

  static async create(opts: {
    issuer: string;
    audience: string;
    users: readonly DemoUser[];
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
    return new DevIdentityProvider(opts.issuer, opts.audience, key, { ...publicJwk, use: 'sig' }, opts.users);
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

  /** A token for a demo user, or undefined for an unknown user or a wrong password. */
  async issue(username: string, password: string, ttlSeconds = 12 * 3600): Promise<string | undefined> {
    const user = this.users.find((u) => u.username === username);
    if (!user || password !== DEMO_PASSWORD) return undefined;
    return new SignJWT({
      'custom:tenantId': user.tenantId,
      'cognito:groups': user.roles,
      name: user.name,
      username: user.username,
      token_use: 'id',
    })
      .setProtectedHeader({ alg: ALG, kid: this.publicJwk.kid })
      .setSubject(user.sub)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
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
