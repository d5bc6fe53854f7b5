// The token this process shows Temporal's frontend when the frontend runs Temporal's JWT authorizer
// (docker-compose.yml, docs/scaling-out.md): signed with the embedded issuer's shared key
// (AUTH_SIGNING_KEY_FILE), so the frontend trusts the JWKS the API serves, and carrying the
// permissions Temporal's default claim mapper reads (`<namespace>:<role>`, e.g. `cases:write`).
// It lives an hour and is made again every half hour, so a token read off the wire is soon useless.
import { importJWK, SignJWT } from 'jose';
import { sharedSigningKey } from './signingKey';

/** What to ask for: the permissions, and the shared key that signs them. */
export interface ServiceTokenSpec {
  permissions: string[];
  signingKeyFile: string;
}

/** The embedded issuer's name (api/auth/localIssuer.ts LOCAL_ISSUER). */
export const SERVICE_TOKEN_ISSUER = 'urn:case-orchestrator:local-issuer';
/** The audience: Temporal's, never the API's, so the API refuses this token (401). */
export const SERVICE_TOKEN_AUDIENCE = 'temporal';
/** Temporal's default claim mapper reads this claim (TEMPORAL_JWT_PERMISSIONS_CLAIM in its image). */
export const PERMISSIONS_CLAIM = 'permissions';
const LIFETIME_S = 3600;
const RENEW_EVERY_MS = 30 * 60_000;

export async function signServiceToken(spec: ServiceTokenSpec, lifetimeSeconds: number = LIFETIME_S): Promise<string> {
  const key = sharedSigningKey(spec.signingKeyFile);
  return new SignJWT({ [PERMISSIONS_CLAIM]: spec.permissions })
    .setProtectedHeader({ alg: key.alg ?? 'ES256', kid: key.kid!, typ: 'JWT' })
    .setIssuer(SERVICE_TOKEN_ISSUER)
    .setAudience(SERVICE_TOKEN_AUDIENCE)
    .setSubject('service:case-orchestrator')
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(await importJWK(key, key.alg ?? 'ES256'));
}

/** The current token, renewed in the background; `onRenew` hands each new one to a connection. */
export class ServiceTokens {
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: Array<(token: string) => unknown> = [];

  private constructor(
    private readonly spec: ServiceTokenSpec,
    private token: string,
  ) {}

  static async start(spec: ServiceTokenSpec): Promise<ServiceTokens> {
    const tokens = new ServiceTokens(spec, await signServiceToken(spec));
    tokens.timer = setInterval(() => void tokens.renew(), RENEW_EVERY_MS);
    tokens.timer.unref();
    return tokens;
  }

  current(): string {
    return this.token;
  }

  onRenew(listener: (token: string) => unknown): void {
    this.listeners.push(listener);
  }

  private async renew(): Promise<void> {
    try {
      this.token = await signServiceToken(this.spec);
      for (const listener of this.listeners) await listener(this.token);
    } catch {
      // The key file unreadable for a moment: the current token still has half an hour; try at the next turn.
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
