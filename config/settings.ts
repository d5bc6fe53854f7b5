// The program's settings, read once from the environment and checked before anything starts.
// Every problem is reported as one line that names the variable, so a wrong setting is fixed in seconds.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePayloadKeys, PayloadKeysError, type PayloadKeySet } from '../codec/keys';
import type { ServiceTokenSpec } from './temporalServiceToken';
import { temporalProfile, TemporalProfileError, type TemporalConnectionOptions, type TemporalProfile } from './temporalConnection';

export interface Settings {
  /** HTTP port of the API. */
  port: number;
  /** Absolute path where the embedded Temporal server and PostgreSQL keep their files. */
  dataDir: string;
  /** An existing Temporal service (host:port); unset means: start the embedded dev server. */
  temporalAddress: string | undefined;
  temporalNamespace: string;
  /** Ports of the embedded Temporal server's frontend and Web UI. */
  temporalPort: number;
  temporalUiPort: number;
  /** Port of the embedded PostgreSQL. */
  pgPort: number;
  /** An existing PostgreSQL, as the application's role; unset means: start the embedded one. */
  databaseUrl: string | undefined;
  /** The same database as the role that owns its tables and migrates it; DATABASE_URL's when unset. */
  databaseMigrationUrl: string | undefined;
  /** Absolute path of a policy file that replaces the built-in one. */
  policyFile: string | undefined;
  /** From PAYLOAD_KEYS or PAYLOAD_KEYS_FILE; unset means: the launcher keeps a key file in DATA_DIR. */
  payloadKeys: PayloadKeySet | undefined;
  /** PAYLOAD_CLEAR_BEFORE: runs started before it may still take unencrypted payloads (from before the codec). */
  payloadClearBefore: Date | undefined;
  /** Browser origins that may call the codec endpoint: the Temporal Web UI's. */
  codecCorsOrigins: string[];
  /** Who issues the bearer tokens the API accepts. */
  auth: AuthSettings;
  /** Where the worker serves the Temporal SDK's Prometheus metrics; undefined when WORKER_METRICS_PORT=off. */
  workerMetricsPort: number | undefined;
  /** WORKER_CACHED_WORKFLOWS: the case runs the worker keeps in memory (its sticky cache); what bounds its memory. */
  workerCachedWorkflows: number;
  /** LOG_FORMAT and LOG_LEVEL. */
  log: LogSettings;
  /** HOST: the address the API and the worker's metrics listen on (127.0.0.1 unless told otherwise). */
  host: string;
  /** TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_GRPC_META_*, or a TEMPORAL_CONFIG_FILE profile's. */
  temporalConnection: TemporalConnectionOptions;
  /** LETTER_FILES_DIR: one folder shared by every worker for the mailbox and print files; DATA_DIR's when unset. */
  letterFilesDir: string | undefined;
  /** POLICY_CHANGE=accept: this start may replace the policy the cluster's cases run on. */
  acceptPolicyChange: boolean;
  /** RATE_LIMIT_PER_MINUTE and TRUST_PROXY. */
  http: HttpSettings;
}

/** How the API meets its callers (docs/security-api.md). */
export interface HttpSettings {
  /** Requests a minute per token, or per client address without a valid one. */
  rateLimitPerMinute: number;
  /** Express's `trust proxy`: false (the default), a number of proxy hops, or the proxies' addresses. */
  trustProxy: false | number | string[];
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
}

/** The claims that hold roles and municipalities, whoever issues the tokens. */
export interface TokenClaims {
  rolesClaim: string;
  municipalitiesClaim: string;
}

/**
 * `external`: AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL name a real issuer (Entra ID, Keycloak, …).
 * `embedded`: none of them is set; the API is its own issuer, with a signing key in DATA_DIR.
 */
export type AuthSettings =
  | ({ kind: 'external'; issuer: string; audience: string; jwksUrl: string } & TokenClaims)
  | ({ kind: 'embedded'; signingKeyFile?: string } & TokenClaims);

export const DEFAULTS = {
  port: 3000,
  dataDir: './data',
  temporalNamespace: 'default',
  temporalPort: 7233,
  temporalUiPort: 8233,
  // Off PostgreSQL's usual 5432, so the embedded server never collides with a system one.
  pgPort: 54329,
  rolesClaim: 'roles',
  municipalitiesClaim: 'municipalities',
  // The OpenTelemetry Prometheus exporter's usual port.
  workerMetricsPort: 9464,
  // Requests a minute per token: 20 a second, over what an office's whole system sends in a batch and
  // what the test suite's polling sends (10 a second at most), and still a stop to a runaway loop.
  rateLimitPerMinute: 1200,
  // Each cached case run holds its own copy of the workflow modules: about 0.15 MB of heap since the
  // bundle has no zod (worker/inertZod.ts; 1.5 MB before). The SDK's own default is sized from the heap
  // limit (about 2 300 on a 4 GB heap), whatever the machine is for. An evicted case is replayed from
  // its history at its next task.
  workerCachedWorkflows: 1000,
} as const;

/**
 * WORKER_METRICS_PORT when unset: as far from PORT as the defaults are (3000 → 9464), so instances
 * side by side that set only their own PORT (and the other ports) do not collide on it.
 */
export function workerMetricsPortFor(port: number): number {
  const offset = DEFAULTS.workerMetricsPort - DEFAULTS.port;
  return port + offset <= 65_535 ? port + offset : DEFAULTS.workerMetricsPort;
}

/** A setting that cannot be used; the message is one line naming the variable. */
export class SettingsError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'SettingsError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and checks every setting; throws SettingsError on the first one that cannot be used. */
export function loadSettings(env: Env = process.env, cwd: string = process.cwd()): Settings {
  const temporalUiPort = portSetting(env, 'TEMPORAL_UI_PORT', DEFAULTS.temporalUiPort);
  const port = portSetting(env, 'PORT', DEFAULTS.port);
  // Temporal's own client configuration: the variables, or a profile of TEMPORAL_CONFIG_FILE.
  const temporal = temporalSettings(env, cwd);
  const settings: Settings = {
    port,
    dataDir: path.resolve(cwd, textSetting(env, 'DATA_DIR') ?? DEFAULTS.dataDir),
    temporalAddress: addressSetting({ TEMPORAL_ADDRESS: temporal.address }, 'TEMPORAL_ADDRESS'),
    temporalNamespace: namespaceSetting({ TEMPORAL_NAMESPACE: temporal.namespace }, 'TEMPORAL_NAMESPACE'),
    temporalPort: portSetting(env, 'TEMPORAL_PORT', DEFAULTS.temporalPort),
    temporalUiPort,
    pgPort: portSetting(env, 'PG_PORT', DEFAULTS.pgPort),
    databaseUrl: databaseUrlSetting(env, 'DATABASE_URL'),
    databaseMigrationUrl: migrationUrlSetting(env),
    policyFile: optionalPath(env, 'CASE_POLICY_FILE', cwd),
    payloadKeys: payloadKeysSetting(env, cwd),
    payloadClearBefore: instantSetting(env, 'PAYLOAD_CLEAR_BEFORE'),
    codecCorsOrigins: originsSetting(env, 'CODEC_CORS_ORIGINS') ?? embeddedUiOrigins(temporalUiPort),
    auth: authSettings(env, cwd),
    log: logSettings(env),
    http: httpSettings(env),
    workerMetricsPort: textSetting(env, 'WORKER_METRICS_PORT') === 'off' ? undefined : portSetting(env, 'WORKER_METRICS_PORT', workerMetricsPortFor(port)),
    workerCachedWorkflows: workerCachedWorkflowsSetting(env),
    ...clusterSettings(env, cwd),
    temporalConnection: temporal.connection,
  };
  const serviceToken = serviceTokenSetting(env, settings.auth);
  if (serviceToken) settings.temporalConnection = { ...settings.temporalConnection, serviceToken };
  checkDistinctPorts(settings);
  return settings;
}

/** HOST when unset: reachable from this machine only. */
export const DEFAULTS_HOST = '127.0.0.1';

/**
 * What several instances of one deployment need (docs/scaling-out.md). HOST defaults to the loopback
 * address: `npm start` on a laptop is reachable from that laptop only; containers set 0.0.0.0.
 */
function clusterSettings(env: Env, cwd: string): Pick<Settings, 'host' | 'letterFilesDir' | 'acceptPolicyChange'> {
  const host = textSetting(env, 'HOST') ?? DEFAULTS_HOST;
  if (!/^[A-Za-z0-9.-]+$|^[0-9a-fA-F:]+$/.test(host)) throw new SettingsError('HOST', `"${host}" is not an address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::)`);
  const policyChange = textSetting(env, 'POLICY_CHANGE');
  if (policyChange !== undefined && policyChange !== 'accept') throw new SettingsError('POLICY_CHANGE', `"${policyChange}" is not "accept" (or leave it unset)`);
  return { host, letterFilesDir: optionalPath(env, 'LETTER_FILES_DIR', cwd), acceptPolicyChange: policyChange === 'accept' };
}

/**
 * TEMPORAL_TOKEN_PERMISSIONS (e.g. `cases:write`): Temporal's frontend runs its JWT authorizer, and
 * this process shows it a token of the embedded issuer's shared key with these permissions
 * (temporal/serviceToken.ts). With an issuer of your own, give its token as TEMPORAL_API_KEY instead.
 */
function serviceTokenSetting(env: Env, auth: Settings['auth']): ServiceTokenSpec | undefined {
  const text = textSetting(env, 'TEMPORAL_TOKEN_PERMISSIONS');
  if (text === undefined) return undefined;
  const permissions = text.split(',').map((p) => p.trim()).filter(Boolean);
  const bad = permissions.find((p) => !/^[A-Za-z0-9._-]+:(read|write|worker|admin)$/.test(p));
  if (permissions.length === 0 || bad !== undefined) {
    throw new SettingsError('TEMPORAL_TOKEN_PERMISSIONS', `"${bad ?? text}" is not <namespace>:<role> (a role of Temporal's default claim mapper: read, write, worker or admin), e.g. cases:write`);
  }
  if (auth.kind !== 'embedded' || !auth.signingKeyFile) {
    throw new SettingsError('TEMPORAL_TOKEN_PERMISSIONS', 'needs AUTH_SIGNING_KEY_FILE (the shared key of the embedded issuer signs the token); with an issuer of your own, give its token as TEMPORAL_API_KEY');
  }
  if (env.TEMPORAL_API_KEY?.trim()) throw new SettingsError('TEMPORAL_TOKEN_PERMISSIONS', 'and TEMPORAL_API_KEY are both set: the token is either made here or given, unset one');
  return { permissions, signingKeyFile: auth.signingKeyFile };
}

function temporalSettings(env: Env, cwd: string): TemporalProfile {
  try {
    return temporalProfile(env, cwd);
  } catch (error) {
    if (error instanceof TemporalProfileError) throw new SettingsError(error.variable, error.message);
    throw error;
  }
}

/** The ports this configuration binds on this machine, each with the variable that sets it. */
export function portsToBind(settings: Settings): Array<{ variable: string; port: number }> {
  const ports = [{ variable: 'PORT', port: settings.port }];
  if (!settings.temporalAddress) {
    ports.push({ variable: 'TEMPORAL_PORT', port: settings.temporalPort });
    ports.push({ variable: 'TEMPORAL_UI_PORT', port: settings.temporalUiPort });
  }
  if (!settings.databaseUrl) ports.push({ variable: 'PG_PORT', port: settings.pgPort });
  if (settings.workerMetricsPort !== undefined) ports.push({ variable: 'WORKER_METRICS_PORT', port: settings.workerMetricsPort });
  return ports;
}

function checkDistinctPorts(settings: Settings): void {
  const seen = new Map<number, string>();
  for (const { variable, port } of portsToBind(settings)) {
    const other = seen.get(port);
    if (other) throw new SettingsError(variable, `port ${port} is also ${other}; give each its own port`);
    seen.set(port, variable);
  }
}

/**
 * RATE_LIMIT_PER_MINUTE (a whole number, default 1200) and TRUST_PROXY: unset or `false`, the client
 * is the socket's address and forwarding headers are believed for nothing; a number of hops, or a
 * comma-separated list of the proxies' addresses or subnets (Express's `loopback`, `uniquelocal`
 * among them), to believe X-Forwarded-For as far as those proxies.
 */
export function httpSettings(env: Env = process.env): HttpSettings {
  const limitText = textSetting(env, 'RATE_LIMIT_PER_MINUTE');
  let rateLimitPerMinute: number = DEFAULTS.rateLimitPerMinute;
  if (limitText !== undefined) {
    if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1) {
      throw new SettingsError('RATE_LIMIT_PER_MINUTE', `"${limitText}" is not a whole number of requests a minute (at least 1; default ${DEFAULTS.rateLimitPerMinute})`);
    }
    rateLimitPerMinute = Number(limitText);
  }
  const trustText = textSetting(env, 'TRUST_PROXY');
  let trustProxy: HttpSettings['trustProxy'] = false;
  if (trustText === 'true') {
    throw new SettingsError('TRUST_PROXY', 'true would believe any client\'s X-Forwarded-For; give the number of proxies in front (1) or their addresses (10.0.0.5, loopback)');
  } else if (trustText !== undefined && trustText !== 'false') {
    trustProxy = /^\d{1,2}$/.test(trustText) ? Number(trustText) : trustText.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  }
  return { rateLimitPerMinute, trustProxy };
}

/** WORKER_CACHED_WORKFLOWS: a whole number from 2 (the SDK's least, with one workflow task at a time per run) up. */
export function workerCachedWorkflowsSetting(env: Env = process.env): number {
  const text = textSetting(env, 'WORKER_CACHED_WORKFLOWS');
  if (text === undefined) return DEFAULTS.workerCachedWorkflows;
  if (!/^\d{1,7}$/.test(text) || Number(text) < 2) {
    throw new SettingsError('WORKER_CACHED_WORKFLOWS', `"${text}" is not a whole number of case runs to keep in memory (at least 2; default ${DEFAULTS.workerCachedWorkflows}, about 0.15 MB of heap each)`);
  }
  return Number(text);
}

/** LOG_FORMAT (`json`, or readable `pretty` by default) and LOG_LEVEL (default `info`). */
export function logSettings(env: Env = process.env): LogSettings {
  return {
    format: choiceSetting(env, 'LOG_FORMAT', LOG_FORMATS, 'pretty'),
    level: choiceSetting(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}

function choiceSetting<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const text = textSetting(env, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new SettingsError(name, `"${text}" is not one of ${choices.join(', ')}`);
  return text as T;
}

/** An unset or blank variable counts as not given. */
function textSetting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function portSetting(env: Env, name: string, fallback: number): number {
  const text = textSetting(env, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new SettingsError(name, `"${text}" is not a port number (1-65535)`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new SettingsError(name, `${port} is not a port number (1-65535)`);
  return port;
}

function addressSetting(env: Env, name: string): string | undefined {
  const text = textSetting(env, name);
  if (text === undefined) return undefined;
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  if (!match || port < 1 || port > 65535) {
    throw new SettingsError(name, `"${text}" is not host:port (e.g. temporal.example.org:7233)`);
  }
  return text;
}

function namespaceSetting(env: Env, name: string): string {
  const text = textSetting(env, name);
  if (text === undefined) return DEFAULTS.temporalNamespace;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/.test(text)) {
    throw new SettingsError(name, `"${text}" is not a namespace name (letters, digits, ".", "_", "-")`);
  }
  return text;
}

function databaseUrlSetting(env: Env, name: string): string | undefined {
  const text = textSetting(env, name);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The URL itself may hold a password: never echo it.
    throw new SettingsError(name, 'is not a URL; write postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new SettingsError(name, `must start with postgres:// (it starts with ${url.protocol}//)`);
  }
  if (!url.hostname) throw new SettingsError(name, 'names no host; write postgres://user:password@host:5432/database');
  if (url.pathname.length <= 1) throw new SettingsError(name, `names no database; add it after the host: postgres://…@${url.host}/cases`);
  return text;
}

/** DATABASE_MIGRATION_URL: the owner's way into DATABASE_URL's database (defaults to DATABASE_URL). */
function migrationUrlSetting(env: Env): string | undefined {
  const name = 'DATABASE_MIGRATION_URL';
  const owner = databaseUrlSetting(env, name);
  const application = databaseUrlSetting(env, 'DATABASE_URL');
  if (owner === undefined) return application;
  if (application === undefined) {
    throw new SettingsError(name, 'is set without DATABASE_URL; set both (the embedded PostgreSQL makes its own roles)');
  }
  const place = (text: string) => {
    const url = new URL(text);
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  };
  if (place(owner) !== place(application)) {
    throw new SettingsError(name, `names ${place(owner)}, DATABASE_URL ${place(application)}: both must name the same database`);
  }
  return owner;
}

const ISSUER_SETTINGS = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function claimSetting(env: Env, name: string, fallback: string): string {
  const text = textSetting(env, name);
  if (text === undefined) return fallback;
  if (!/^[\x21-\x7e]{1,200}$/.test(text)) throw new SettingsError(name, `"${text}" is not a claim name (visible ASCII, no spaces)`);
  return text;
}

function jwksUrlSetting(env: Env, name: string): string {
  const text = textSetting(env, name) ?? '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SettingsError(name, `"${text}" is not a URL; write the issuer's JWKS address, e.g. https://login.example.org/keys`);
  }
  // Signing keys fetched in the clear could be swapped on the way: https, except on this machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new SettingsError(name, `must be an https:// URL (http:// only for localhost), not ${url.protocol}//`);
  }
  return url.toString();
}

function authSettings(env: Env, cwd: string): AuthSettings {
  const claims: TokenClaims = {
    rolesClaim: claimSetting(env, 'AUTH_ROLES_CLAIM', DEFAULTS.rolesClaim),
    municipalitiesClaim: claimSetting(env, 'AUTH_MUNICIPALITIES_CLAIM', DEFAULTS.municipalitiesClaim),
  };
  const given = ISSUER_SETTINGS.filter((name) => textSetting(env, name) !== undefined);
  const signingKeyFile = signingKeyFileSetting(env, cwd);
  if (given.length === 0) return { kind: 'embedded', ...claims, ...(signingKeyFile ? { signingKeyFile } : {}) };
  if (signingKeyFile) throw new SettingsError('AUTH_SIGNING_KEY_FILE', `is for the embedded issuer; with ${given.join(' and ')} set, tokens come from that issuer: unset one of them`);
  const missing = ISSUER_SETTINGS.find((name) => textSetting(env, name) === undefined);
  if (missing) throw new SettingsError(missing, `is needed with ${given.join(' and ')}: set all of ${ISSUER_SETTINGS.join(', ')}, or none for the embedded issuer`);
  return {
    kind: 'external',
    issuer: textSetting(env, 'AUTH_ISSUER')!,
    audience: textSetting(env, 'AUTH_AUDIENCE')!,
    jwksUrl: jwksUrlSetting(env, 'AUTH_JWKS_URL'),
    ...claims,
  };
}

/**
 * AUTH_SIGNING_KEY_FILE: the embedded issuer's key, shared by every instance. Setting it says this
 * instance is one of several, so it never makes a key of its own: a missing file refuses the start.
 */
function signingKeyFileSetting(env: Env, cwd: string): string | undefined {
  const file = optionalPath(env, 'AUTH_SIGNING_KEY_FILE', cwd);
  if (file === undefined) return undefined;
  if (!existsSync(file)) {
    throw new SettingsError('AUTH_SIGNING_KEY_FILE', `${file} does not exist: make it once with npm run signing-key -- ${file}, and give every instance that same file`);
  }
  return file;
}

function optionalPath(env: Env, name: string, cwd: string): string | undefined {
  const text = textSetting(env, name);
  return text === undefined ? undefined : path.resolve(cwd, text);
}

/** The embedded Web UI, by either name a browser on this machine may use for it. */
function embeddedUiOrigins(uiPort: number): string[] {
  return [`http://localhost:${uiPort}`, `http://127.0.0.1:${uiPort}`];
}

function originsSetting(env: Env, name: string): string[] | undefined {
  const text = textSetting(env, name);
  if (text === undefined) return undefined;
  return text.split(',').map((entry) => {
    const origin = entry.trim();
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // An origin is scheme://host[:port] exactly: no path, no trailing slash (a browser sends it so).
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) {
      throw new SettingsError(name, `"${origin}" is not an origin such as https://temporal-ui.kommune.no or http://localhost:8233`);
    }
    return origin;
  });
}

/** An instant with its offset (`2026-03-01T00:00:00Z`, `2026-03-01T01:00:00+01:00`): a date alone would leave the zone open. */
function instantSetting(env: Env, name: string): Date | undefined {
  const text = textSetting(env, name);
  if (text === undefined) return undefined;
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? new Date(text) : undefined;
  // Date would roll 2026-02-30 over into March: the day must exist in its month.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  if (!at || Number.isNaN(at.getTime()) || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
    throw new SettingsError(name, `"${text}" is not an instant with its offset, such as 2026-03-01T00:00:00Z`);
  }
  return at;
}

/** PAYLOAD_KEYS, or the file PAYLOAD_KEYS_FILE names; both at once is ambiguous, so refused. */
function payloadKeysSetting(env: Env, cwd: string): PayloadKeySet | undefined {
  const inline = textSetting(env, 'PAYLOAD_KEYS');
  const file = optionalPath(env, 'PAYLOAD_KEYS_FILE', cwd);
  if (inline !== undefined && file !== undefined) {
    throw new SettingsError('PAYLOAD_KEYS', 'and PAYLOAD_KEYS_FILE are both set; set one of them');
  }
  try {
    if (inline !== undefined) return { keys: parsePayloadKeys(inline, 'PAYLOAD_KEYS'), source: 'PAYLOAD_KEYS' };
    if (file === undefined) return undefined;
    const source = `PAYLOAD_KEYS_FILE (${file})`;
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      throw new SettingsError('PAYLOAD_KEYS_FILE', `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return { keys: parsePayloadKeys(content, source), source };
  } catch (error) {
    if (error instanceof PayloadKeysError) throw new SettingsError(error.setting, error.message.slice(error.setting.length + 2));
    throw error;
  }
}

/** A database URL without its password, fit to print or log. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}${url.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
