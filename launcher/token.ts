// `npm run token -- --sub <id> --role caseworker --municipality namsos`: prints a bearer token of the
// embedded issuer (signed with the key `npm start` made in DATA_DIR, or AUTH_SIGNING_KEY_FILE's). --role and --municipality may be
// given more than once; --hours sets the lifetime (default 8, at most 24).
import { parseArgs } from 'node:util';
import { existingLocalSigningKey, signLocalToken } from '../api/auth/localIssuer';
import { sharedSigningKey } from '../config/signingKey';
import { ROLES, type Role } from '../api/auth/roles';
import { loadPolicy } from '../config/policy';
import { loadSettings } from '../config/settings';

const USAGE = 'usage: npm run token -- --sub <user id> --role caseworker|manager|auditor [--role …] --municipality <key> [--municipality …] [--hours 8]';
const MAX_HOURS = 24;

function fail(message: string): never {
  console.error(`Cannot make a token: ${message}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        sub: { type: 'string' },
        role: { type: 'string', multiple: true },
        municipality: { type: 'string', multiple: true },
        hours: { type: 'string', default: '8' },
      },
      strict: true,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const settings = loadSettings();
  if (settings.auth.kind === 'external') fail(`AUTH_ISSUER is set: tokens come from ${settings.auth.issuer}, not from this command`);
  const policy = loadPolicy(settings.policyFile);

  const sub = values.sub ?? fail('--sub is required (the user id that becomes the actor of every event)');
  if (!/^[\x21-\x7e]{1,200}$/.test(sub)) fail('--sub must be 1-200 visible ASCII characters (a user id, no personal data)');
  const roles = values.role ?? fail(`--role is required: one of ${ROLES.join(', ')}`);
  const unknownRole = roles.find((role) => !(ROLES as readonly string[]).includes(role));
  if (unknownRole) fail(`--role ${unknownRole} is not one of ${ROLES.join(', ')}`);
  const known = Object.keys(policy.municipalities);
  const municipalities = values.municipality ?? fail(`--municipality is required: one of ${known.join(', ')}`);
  const unknownMunicipality = municipalities.find((m) => !known.includes(m));
  if (unknownMunicipality) fail(`--municipality ${unknownMunicipality} is not in the policy: use ${known.join(', ')}`);
  const hours = Number(values.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_HOURS) fail(`--hours must be a number above 0 and at most ${MAX_HOURS}`);

  let key;
  try {
    key = settings.auth.signingKeyFile ? sharedSigningKey(settings.auth.signingKeyFile) : existingLocalSigningKey(settings.dataDir);
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const token = await signLocalToken(key, {
    sub,
    roles: roles as Role[],
    municipalities,
    expiresInSeconds: Math.round(hours * 3600),
    rolesClaim: settings.auth.rolesClaim,
    municipalitiesClaim: settings.auth.municipalitiesClaim,
  });
  console.log(token);
}

main().catch((err: unknown) => {
  console.error(`Cannot make a token: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
