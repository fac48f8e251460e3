import type { ConsoleConfig } from './api';
import { href } from './router';

type OidcConfig = Extract<ConsoleConfig, { auth: 'oidc' }>;

export interface DemoUser {
  username: string;
  name: string;
  roles: string[];
  tenantId: string;
}

const apiBase = (cfg: ConsoleConfig) => (cfg.apiUrl ?? '').replace(/\/$/, '');

/** The local development identity provider: username and password for a token. */
export async function devLogin(
  cfg: ConsoleConfig,
  username: string,
  password: string,
): Promise<{ ok: true; token: string } | { ok: false; status: number }> {
  const res = await fetch(`${apiBase(cfg)}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) return { ok: false, status: res.status };
  const { token } = (await res.json()) as { token?: unknown };
  return typeof token === 'string' ? { ok: true, token } : { ok: false, status: 500 };
}

export async function demoUsers(cfg: ConsoleConfig): Promise<DemoUser[]> {
  const res = await fetch(`${apiBase(cfg)}/dev/users`);
  if (!res.ok) return [];
  const body = (await res.json()) as { users?: DemoUser[] };
  return Array.isArray(body.users) ? body.users : [];
}

// ── OIDC: authorization code + PKCE. Loaded only in that mode, so the local console never downloads it. ──

/**
 * The provider returns to the console's own root (`/console/?code=…&state=…`): that is the one callback URL the
 * deployment registers (the Cognito client's callbackUrls), and the SPA fallback serves it like any path.
 */
export const isOidcCallback = (): boolean => {
  const q = new URLSearchParams(window.location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
};

async function manager(cfg: OidcConfig) {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const origin = window.location.origin;
  return new UserManager({
    authority: cfg.issuer,
    client_id: cfg.clientId,
    redirect_uri: `${origin}${href('/')}`,
    post_logout_redirect_uri: `${origin}${href('/')}`,
    response_type: 'code',
    scope: cfg.scope ?? 'openid profile email',
    // Everything of the session stays in this tab: closing it signs out.
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

export async function oidcLogin(cfg: OidcConfig): Promise<void> {
  await (await manager(cfg)).signinRedirect();
}

/**
 * Finish the redirect. The id token is the bearer: API Gateway's JWT authorizer checks its audience, which
 * is the client id (an access token's audience would not be).
 */
export async function oidcCallback(cfg: OidcConfig): Promise<string> {
  const user = await (await manager(cfg)).signinRedirectCallback();
  if (!user.id_token) throw new Error('no id_token in the sign-in response');
  return user.id_token;
}

/** End the provider's session too when it supports it; otherwise the local session alone ends. */
export async function oidcLogout(cfg: OidcConfig): Promise<void> {
  const um = await manager(cfg);
  await um.removeUser();
  try {
    await um.signoutRedirect();
  } catch {
    // The provider has no end-session endpoint (Cognito's discovery document lists none).
  }
}
