// The token settings: none of AUTH_ISSUER/AUTH_AUDIENCE/AUTH_JWKS_URL is the embedded issuer; some but
// not all is refused in one line naming the missing one; the claim names are settable.
import { describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../config/settings';

const KEYCLOAK = {
  AUTH_ISSUER: 'https://sso.kommune.no/realms/helse',
  AUTH_AUDIENCE: 'case-orchestrator',
  AUTH_JWKS_URL: 'https://sso.kommune.no/realms/helse/protocol/openid-connect/certs',
};

function refusal(env: Record<string, string>): SettingsError {
  try {
    loadSettings(env, '/srv');
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).not.toContain('\n');
    return error as SettingsError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('auth settings', () => {
  it('with none set, the embedded issuer and the default claims', () => {
    expect(loadSettings({}, '/srv').auth).toEqual({ kind: 'embedded', rolesClaim: 'roles', municipalitiesClaim: 'municipalities' });
  });

  it('a real issuer, with its own claim names (Keycloak realm roles, an Entra ID app role claim)', () => {
    expect(loadSettings({ ...KEYCLOAK, AUTH_ROLES_CLAIM: 'realm_access.roles', AUTH_MUNICIPALITIES_CLAIM: 'kommuner' }, '/srv').auth).toEqual({
      kind: 'external',
      issuer: KEYCLOAK.AUTH_ISSUER,
      audience: 'case-orchestrator',
      jwksUrl: KEYCLOAK.AUTH_JWKS_URL,
      rolesClaim: 'realm_access.roles',
      municipalitiesClaim: 'kommuner',
    });
  });

  it.each(['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const)('refuses a real issuer without %s, naming it', (missing) => {
    const env: Record<string, string> = { ...KEYCLOAK };
    delete env[missing];
    const error = refusal(env);
    expect(error.variable).toBe(missing);
    expect(error.message).toMatch(/set all of AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL, or none/);
  });

  it('refuses a JWKS URL that is not https (http only on this machine), or not a URL', () => {
    expect(refusal({ ...KEYCLOAK, AUTH_JWKS_URL: 'http://sso.kommune.no/certs' }).message).toMatch(/^AUTH_JWKS_URL: must be an https:\/\/ URL/);
    expect(refusal({ ...KEYCLOAK, AUTH_JWKS_URL: 'sso.kommune.no/certs' }).variable).toBe('AUTH_JWKS_URL');
    expect(loadSettings({ ...KEYCLOAK, AUTH_JWKS_URL: 'http://localhost:8080/certs' }, '/srv').auth).toMatchObject({ jwksUrl: 'http://localhost:8080/certs' });
  });

  it('refuses a claim name with spaces', () => {
    expect(refusal({ AUTH_ROLES_CLAIM: 'app roles' }).variable).toBe('AUTH_ROLES_CLAIM');
    expect(refusal({ AUTH_MUNICIPALITIES_CLAIM: 'kom munes' }).variable).toBe('AUTH_MUNICIPALITIES_CLAIM');
  });
});
