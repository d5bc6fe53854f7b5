// The settings several instances of one deployment need (docs/scaling-out.md): HOST, the shared
// signing key, the shared letter folder, the policy change switch, and Temporal's own client
// configuration (variables or a TOML profile). Each refusal is one line naming the variable.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings, SettingsError } from '../../config/settings';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-settings-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(env: Record<string, string>): SettingsError {
  try {
    loadSettings(env, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).not.toContain('\n');
    return error as SettingsError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('HOST', () => {
  it('is 127.0.0.1 unless set: npm start on a laptop is not reachable from the network', () => {
    expect(loadSettings({}, dir).host).toBe('127.0.0.1');
    expect(loadSettings({ HOST: '0.0.0.0' }, dir).host).toBe('0.0.0.0');
    expect(loadSettings({ HOST: '::' }, dir).host).toBe('::');
  });

  it('refuses what is not an address', () => {
    expect(refusal({ HOST: 'http://0.0.0.0' }).message).toMatch(/^HOST: "http:\/\/0\.0\.0\.0" is not an address/);
  });
});

describe('AUTH_SIGNING_KEY_FILE', () => {
  it('names the shared key file of the embedded issuer', () => {
    const file = path.join(dir, 'signing-key.json');
    writeFileSync(file, '{}');
    expect(loadSettings({ AUTH_SIGNING_KEY_FILE: 'signing-key.json' }, dir).auth).toEqual({
      kind: 'embedded',
      signingKeyFile: file,
      rolesClaim: 'roles',
      municipalitiesClaim: 'municipalities',
    });
  });

  it('set but missing refuses the start, naming the file and how to make it: one of several never makes its own key', () => {
    const missing = path.join(dir, 'nowhere', 'key.json');
    expect(refusal({ AUTH_SIGNING_KEY_FILE: missing }).message).toBe(
      `AUTH_SIGNING_KEY_FILE: ${missing} does not exist: make it once with npm run signing-key -- ${missing}, and give every instance that same file`,
    );
  });

  it('with a real issuer is refused: the tokens would come from two places', () => {
    const file = path.join(dir, 'signing-key.json');
    writeFileSync(file, '{}');
    const error = refusal({
      AUTH_SIGNING_KEY_FILE: file,
      AUTH_ISSUER: 'https://sso.kommune.no',
      AUTH_AUDIENCE: 'cases',
      AUTH_JWKS_URL: 'https://sso.kommune.no/keys',
    });
    expect(error.variable).toBe('AUTH_SIGNING_KEY_FILE');
  });
});

describe('LETTER_FILES_DIR and POLICY_CHANGE', () => {
  it('LETTER_FILES_DIR is resolved against the working directory; unset, the letters stay in DATA_DIR', () => {
    expect(loadSettings({ LETTER_FILES_DIR: 'shared/letters' }, dir).letterFilesDir).toBe(path.join(dir, 'shared/letters'));
    expect(loadSettings({}, dir).letterFilesDir).toBeUndefined();
  });

  it('POLICY_CHANGE is accept or unset', () => {
    expect(loadSettings({ POLICY_CHANGE: 'accept' }, dir).acceptPolicyChange).toBe(true);
    expect(loadSettings({}, dir).acceptPolicyChange).toBe(false);
    expect(refusal({ POLICY_CHANGE: 'yes' }).message).toBe('POLICY_CHANGE: "yes" is not "accept" (or leave it unset)');
  });
});

describe("Temporal's client configuration", () => {
  const toml = `
[profile.default]
address = "temporal.kommune.no:7233"
namespace = "cases-default"

[profile.cloud]
address = "cases.a1b2c.tmprl.cloud:7233"
namespace = "cases.a1b2c"
api_key = "secret-api-key"

[profile.mtls]
address = "temporal.internal:7233"
namespace = "cases"
[profile.mtls.tls]
server_name = "temporal.internal"
`;

  it('reads a profile of TEMPORAL_CONFIG_FILE: address, namespace, API key (which turns TLS on)', () => {
    writeFileSync(path.join(dir, 'temporal.toml'), toml);
    const settings = loadSettings({ TEMPORAL_CONFIG_FILE: 'temporal.toml', TEMPORAL_PROFILE: 'cloud' }, dir);
    expect(settings.temporalAddress).toBe('cases.a1b2c.tmprl.cloud:7233');
    expect(settings.temporalNamespace).toBe('cases.a1b2c');
    expect(settings.temporalConnection).toEqual({ apiKey: 'secret-api-key', tls: true });
  });

  it('reads the default profile without TEMPORAL_PROFILE, and TLS settings of a profile', () => {
    writeFileSync(path.join(dir, 'temporal.toml'), toml);
    expect(loadSettings({ TEMPORAL_CONFIG_FILE: 'temporal.toml' }, dir).temporalAddress).toBe('temporal.kommune.no:7233');
    const mtls = loadSettings({ TEMPORAL_CONFIG_FILE: 'temporal.toml', TEMPORAL_PROFILE: 'mtls' }, dir);
    expect(mtls.temporalConnection.tls).toMatchObject({ serverNameOverride: 'temporal.internal' });
  });

  it('lets the variables override the profile', () => {
    writeFileSync(path.join(dir, 'temporal.toml'), toml);
    const settings = loadSettings({ TEMPORAL_CONFIG_FILE: 'temporal.toml', TEMPORAL_PROFILE: 'cloud', TEMPORAL_NAMESPACE: 'cases-test' }, dir);
    expect(settings.temporalNamespace).toBe('cases-test');
  });

  it('takes TEMPORAL_API_KEY, TEMPORAL_TLS and TEMPORAL_GRPC_META_* without a file', () => {
    const settings = loadSettings(
      { TEMPORAL_ADDRESS: 'temporal.kommune.no:7233', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'true', TEMPORAL_GRPC_META_X_TENANT: 'namsos' },
      dir,
    );
    expect(settings.temporalConnection).toEqual({ apiKey: 'k', tls: {}, metadata: { 'x-tenant': 'namsos' } });
  });

  it("never reads the user's own ~/.config/temporalio/temporal.toml unasked: npm start stays embedded", () => {
    const home = path.join(dir, 'home');
    mkdirSync(path.join(home, '.config', 'temporalio'), { recursive: true });
    writeFileSync(path.join(home, '.config', 'temporalio', 'temporal.toml'), toml);
    expect(loadSettings({ HOME: home }, dir).temporalAddress).toBeUndefined();
    // Asked for by TEMPORAL_PROFILE, it is read.
    expect(loadSettings({ HOME: home, TEMPORAL_PROFILE: 'cloud' }, dir).temporalAddress).toBe('cases.a1b2c.tmprl.cloud:7233');
  });

  it('refuses a missing file, or a profile it does not have, naming the variable', () => {
    expect(refusal({ TEMPORAL_CONFIG_FILE: 'missing.toml' }).message).toBe(`TEMPORAL_CONFIG_FILE: ${path.join(dir, 'missing.toml')} cannot be used: ENOENT`);
    writeFileSync(path.join(dir, 'temporal.toml'), toml);
    expect(refusal({ TEMPORAL_CONFIG_FILE: 'temporal.toml', TEMPORAL_PROFILE: 'prod' }).message).toMatch(
      /^TEMPORAL_CONFIG_FILE: .*temporal\.toml \(profile prod\) cannot be used: Profile 'prod' not found/,
    );
  });
});
