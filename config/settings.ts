// The program's settings, read once from the environment and checked before anything starts. One zod
// schema (`variables` below) declares every variable: what it is, how it is read, its bounds and its
// default; the rules between variables follow it. Every problem is reported as one line that names the
// variable (the schema's first issue), so a wrong setting is fixed in seconds.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parsePayloadKeys, PayloadKeysError, type PayloadKeySet } from '../codec/keys';
import { temporalProfile, TemporalProfileError, type TemporalConnectionOptions } from './temporalConnection';

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

/** HOST when unset: reachable from this machine only. */
export const DEFAULTS_HOST = '127.0.0.1';

type Env = Record<string, string | undefined>;

/** Reads and checks every setting; throws SettingsError on the first one that cannot be used. */
export function loadSettings(env: Env = process.env, cwd: string = process.cwd()): Settings {
  // Temporal's own client configuration (config/temporalConnection.ts) reads TEMPORAL_* or a profile of
  // TEMPORAL_CONFIG_FILE; the schema checks the address and namespace it settles on.
  let temporal;
  try {
    temporal = temporalProfile(env, cwd);
  } catch (error) {
    if (error instanceof TemporalProfileError) throw new SettingsError(error.variable, error.message);
    throw error;
  }
  return parse(settingsSchema(cwd, temporal.connection), { ...env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace });
}

/** RATE_LIMIT_PER_MINUTE and TRUST_PROXY alone, as loadSettings reads them. */
export function httpSettings(env: Env = process.env): HttpSettings {
  return httpOf(parse(HTTP, env));
}

/** LOG_FORMAT and LOG_LEVEL alone, as loadSettings reads them (the logger reads them so). */
export function logSettings(env: Env = process.env): LogSettings {
  return logOf(parse(LOG, env));
}

/** Parses the environment, an unset or blank variable counting as not given; the first issue is the SettingsError. */
function parse<T>(schema: z.ZodType<T>, env: Env): T {
  const given = Object.fromEntries(Object.entries(env).flatMap(([name, value]) => (value?.trim() ? [[name, value.trim()]] : [])));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new SettingsError(String(issue.path[0]), issue.message);
}

/** The message of a value that cannot be used, quoting it: `"abc" is not a port number (1-65535)`. */
const quoted = (problem: string) => ({ error: (issue: { input?: unknown }) => `"${String(issue.input)}" ${problem}` });

/** A check a regex cannot say: `problem` tells why the text cannot be used, or returns nothing. */
const checked = (problem: (text: string) => string | undefined) =>
  z.string().superRefine((text, ctx) => {
    const why = problem(text);
    if (why !== undefined) ctx.addIssue(why);
  });

/** A comma-separated list, each entry trimmed. */
const entries = (text: string): string[] => text.split(',').map((entry) => entry.trim());

const NOT_PORT = 'is not a port number (1-65535)';
const port = z.string().regex(/^\d+$/, quoted(NOT_PORT)).transform(Number).refine((n) => n >= 1 && n <= 65535, { error: (issue) => `${String(issue.input)} ${NOT_PORT}` });

/** A whole number of at most `digits` digits, from `least` up. */
const wholeNumber = (digits: number, least: number, problem: string) =>
  z.string().refine((text) => new RegExp(`^\\d{1,${digits}}$`).test(text) && Number(text) >= least, quoted(problem)).transform(Number);

const claim = z.string().regex(/^[\x21-\x7e]{1,200}$/, quoted('is not a claim name (visible ASCII, no spaces)'));

/** How the API meets its callers (docs/security-api.md). */
const HTTP = z.object({
  /** Requests a minute per token, or per client address without a valid one. */
  RATE_LIMIT_PER_MINUTE: wholeNumber(9, 1, `is not a whole number of requests a minute (at least 1; default ${DEFAULTS.rateLimitPerMinute})`)
    .default(DEFAULTS.rateLimitPerMinute),
  /**
   * Express's `trust proxy`. Unset or `false`: the client is the socket's address and forwarding headers
   * are believed for nothing. A number of hops, or a comma-separated list of the proxies' addresses or
   * subnets (Express's `loopback`, `uniquelocal` among them): X-Forwarded-For is believed as far as those proxies.
   */
  TRUST_PROXY: z
    .string()
    .refine((text) => text !== 'true', "true would believe any client's X-Forwarded-For; give the number of proxies in front (1) or their addresses (10.0.0.5, loopback)")
    .transform((text): HttpSettings['trustProxy'] => (text === 'false' ? false : /^\d{1,2}$/.test(text) ? Number(text) : entries(text).filter((entry) => entry !== '')))
    .default(false),
});
const httpOf = (v: z.output<typeof HTTP>): HttpSettings => ({ rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE, trustProxy: v.TRUST_PROXY });

const LOG = z.object({
  /** `json`: one JSON object a line, for a log collector; `pretty`: readable lines. */
  LOG_FORMAT: z.enum(LOG_FORMATS, quoted(`is not one of ${LOG_FORMATS.join(', ')}`)).default('pretty'),
  LOG_LEVEL: z.enum(LOG_LEVELS, quoted(`is not one of ${LOG_LEVELS.join(', ')}`)).default('info'),
});
const logOf = (v: z.output<typeof LOG>): LogSettings => ({ format: v.LOG_FORMAT, level: v.LOG_LEVEL });

/**
 * Every variable, in the order its problems are reported. Paths are resolved against the working
 * directory. TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE are the values Temporal's client configuration
 * settled on; it reads the rest of TEMPORAL_* itself (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE,
 * TEMPORAL_TLS*, TEMPORAL_GRPC_META_*: config/temporalConnection.ts).
 */
function variables(cwd: string) {
  const file = z.string().transform((text) => path.resolve(cwd, text));
  return z.object({
    /** HTTP port of the API. */
    PORT: port.default(DEFAULTS.port),
    /** Where the embedded Temporal server and PostgreSQL keep their files. */
    DATA_DIR: file.default(path.resolve(cwd, DEFAULTS.dataDir)),
    /** An existing Temporal service (host:port); unset: start the embedded dev server. */
    TEMPORAL_ADDRESS: z.string().refine(isHostPort, quoted('is not host:port (e.g. temporal.example.org:7233)')).optional(),
    /** The Temporal namespace. */
    TEMPORAL_NAMESPACE: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/, quoted('is not a namespace name (letters, digits, ".", "_", "-")')).default(DEFAULTS.temporalNamespace),
    /** Ports of the embedded Temporal server's frontend and Web UI. */
    TEMPORAL_PORT: port.default(DEFAULTS.temporalPort),
    TEMPORAL_UI_PORT: port.default(DEFAULTS.temporalUiPort),
    /** Port of the embedded PostgreSQL. */
    PG_PORT: port.default(DEFAULTS.pgPort),
    /** An existing PostgreSQL, as the application's role; unset: start the embedded one. */
    DATABASE_URL: checked(postgresUrlProblem).optional(),
    /** The same database as the role that owns its tables and migrates it; DATABASE_URL's when unset. */
    DATABASE_MIGRATION_URL: checked(postgresUrlProblem).optional(),
    /** A policy file that replaces the built-in one. */
    CASE_POLICY_FILE: file.optional(),
    /** The payload keys (codec/keys.ts; read with the rules below); both unset: the launcher keeps a key file in DATA_DIR. */
    PAYLOAD_KEYS: z.string().optional(),
    /** A file holding the payload keys, one a line; instead of PAYLOAD_KEYS. */
    PAYLOAD_KEYS_FILE: file.optional(),
    /** Runs started before this instant may still take unencrypted payloads (from before the codec). */
    PAYLOAD_CLEAR_BEFORE: z.string().refine(isInstant, quoted('is not an instant with its offset, such as 2026-03-01T00:00:00Z')).transform((text) => new Date(text)).optional(),
    /** Browser origins (comma-separated) that may call the codec endpoint: the Temporal Web UI's; unset: the embedded one's. */
    CODEC_CORS_ORIGINS: z.string().transform(entries).pipe(z.array(z.string().refine(isOrigin, quoted('is not an origin such as https://temporal-ui.kommune.no or http://localhost:8233')))).optional(),
    /** The claims that hold roles and municipalities, whoever issues the tokens. */
    AUTH_ROLES_CLAIM: claim.default(DEFAULTS.rolesClaim),
    AUTH_MUNICIPALITIES_CLAIM: claim.default(DEFAULTS.municipalitiesClaim),
    /**
     * The embedded issuer's key, shared by every instance. Setting it says this instance is one of
     * several, so it never makes a key of its own: a missing file refuses the start.
     */
    AUTH_SIGNING_KEY_FILE: file.refine((key) => existsSync(key), { error: ({ input }) => `${String(input)} does not exist: make it once with npm run signing-key -- ${String(input)}, and give every instance that same file` }).optional(),
    /** An issuer of your own (Entra ID, Keycloak, …): the `iss` and `aud` its tokens carry, where it publishes its keys (https, http only on this machine; checked with the rules below). */
    AUTH_ISSUER: z.string().optional(),
    AUTH_AUDIENCE: z.string().optional(),
    AUTH_JWKS_URL: z.string().optional(),
    ...LOG.shape,
    ...HTTP.shape,
    /** Where the worker serves the Temporal SDK's Prometheus metrics; `off` (null here): nowhere; unset: follows PORT. */
    WORKER_METRICS_PORT: z.preprocess((text) => (text === 'off' ? null : text), port.nullable()).optional(),
    /** The case runs the worker keeps in memory (its sticky cache): what bounds its memory. 2 is the SDK's least, with one workflow task at a time per run. */
    WORKER_CACHED_WORKFLOWS: wholeNumber(7, 2, `is not a whole number of case runs to keep in memory (at least 2; default ${DEFAULTS.workerCachedWorkflows}, about 0.15 MB of heap each)`)
      .default(DEFAULTS.workerCachedWorkflows),
    /** The address the API and the worker's metrics listen on: `npm start` on a laptop is reachable from that laptop only; containers set 0.0.0.0. */
    HOST: z.string().regex(/^[A-Za-z0-9.-]+$|^[0-9a-fA-F:]+$/, quoted('is not an address to listen on (e.g. 127.0.0.1, 0.0.0.0, ::)')).default(DEFAULTS_HOST),
    /** One folder shared by every worker for the mailbox and print files; DATA_DIR's when unset. */
    LETTER_FILES_DIR: file.optional(),
    /** `accept`: this start may replace the policy the cluster's cases run on. */
    POLICY_CHANGE: z.literal('accept', quoted('is not "accept" (or leave it unset)')).optional(),
    /**
     * Temporal's frontend runs its JWT authorizer, and this process shows it a token of the embedded
     * issuer's shared key with these permissions (e.g. `cases:write`; temporal/serviceToken.ts).
     */
    TEMPORAL_TOKEN_PERMISSIONS: z.string().regex(/[^,\s]/, quoted(NOT_PERMISSION)).transform((text) => entries(text).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[A-Za-z0-9._-]+:(read|write|worker|admin)$/, quoted(NOT_PERMISSION)))).optional(),
    /** A token of an issuer of your own, for Temporal (read by its client configuration; here for the rule below). */
    TEMPORAL_API_KEY: z.string().optional(),
  });
}
type Variables = z.output<ReturnType<typeof variables>>;

const NOT_PERMISSION = "is not <namespace>:<role> (a role of Temporal's default claim mapper: read, write, worker or admin), e.g. cases:write";
const ISSUER_SETTINGS = ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL'] as const;

/** The rules between variables, in the order they are reported: the first one broken, as [variable, message]. */
function brokenRule(v: Variables): [variable: string, message: string] | undefined {
  // The owner's way into DATABASE_URL's database.
  if (v.DATABASE_MIGRATION_URL !== undefined) {
    if (v.DATABASE_URL === undefined) return ['DATABASE_MIGRATION_URL', 'is set without DATABASE_URL; set both (the embedded PostgreSQL makes its own roles)'];
    const [owner, application] = [databasePlace(v.DATABASE_MIGRATION_URL), databasePlace(v.DATABASE_URL)];
    if (owner !== application) return ['DATABASE_MIGRATION_URL', `names ${owner}, DATABASE_URL ${application}: both must name the same database`];
  }
  // Both at once would be ambiguous.
  if (v.PAYLOAD_KEYS !== undefined && v.PAYLOAD_KEYS_FILE !== undefined) return ['PAYLOAD_KEYS', 'and PAYLOAD_KEYS_FILE are both set; set one of them'];
  // An issuer of your own is all three AUTH_ variables, and no shared key of the embedded issuer.
  const issuer = ISSUER_SETTINGS.filter((name) => v[name] !== undefined);
  if (issuer.length > 0) {
    if (v.AUTH_SIGNING_KEY_FILE !== undefined) {
      return ['AUTH_SIGNING_KEY_FILE', `is for the embedded issuer; with ${issuer.join(' and ')} set, tokens come from that issuer: unset one of them`];
    }
    const missing = ISSUER_SETTINGS.find((name) => v[name] === undefined);
    if (missing) return [missing, `is needed with ${issuer.join(' and ')}: set all of ${ISSUER_SETTINGS.join(', ')}, or none for the embedded issuer`];
    const jwks = jwksUrlProblem(v.AUTH_JWKS_URL!);
    if (jwks) return ['AUTH_JWKS_URL', jwks];
  }
  // The service token is signed with the embedded issuer's shared key, and it is either made here or given.
  if (v.TEMPORAL_TOKEN_PERMISSIONS !== undefined) {
    if (v.AUTH_SIGNING_KEY_FILE === undefined) return ['TEMPORAL_TOKEN_PERMISSIONS', 'needs AUTH_SIGNING_KEY_FILE (the shared key of the embedded issuer signs the token); with an issuer of your own, give its token as TEMPORAL_API_KEY'];
    if (v.TEMPORAL_API_KEY !== undefined) return ['TEMPORAL_TOKEN_PERMISSIONS', 'and TEMPORAL_API_KEY are both set: the token is either made here or given, unset one'];
  }
  return undefined;
}

/** The variables, their rules, and the Settings they make; then no two ports it binds may be the same. */
function settingsSchema(cwd: string, temporalConnection: TemporalConnectionOptions) {
  return variables(cwd)
    .superRefine(
      (v, ctx) => {
        const broken = brokenRule(v);
        if (broken) ctx.addIssue({ code: 'custom', path: [broken[0]], message: broken[1] });
      },
      // Only once every variable is valid: the rules read the values.
      { when: (payload) => payload.issues.length === 0 },
    )
    .transform(
      (v, ctx): Settings => ({
        port: v.PORT,
        dataDir: v.DATA_DIR,
        temporalAddress: v.TEMPORAL_ADDRESS,
        temporalNamespace: v.TEMPORAL_NAMESPACE,
        temporalPort: v.TEMPORAL_PORT,
        temporalUiPort: v.TEMPORAL_UI_PORT,
        pgPort: v.PG_PORT,
        databaseUrl: v.DATABASE_URL,
        databaseMigrationUrl: v.DATABASE_MIGRATION_URL ?? v.DATABASE_URL,
        policyFile: v.CASE_POLICY_FILE,
        payloadKeys: payloadKeySet(v.PAYLOAD_KEYS, v.PAYLOAD_KEYS_FILE, ctx),
        payloadClearBefore: v.PAYLOAD_CLEAR_BEFORE,
        // The embedded Web UI, by either name a browser on this machine may use for it.
        codecCorsOrigins: v.CODEC_CORS_ORIGINS ?? [`http://localhost:${v.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${v.TEMPORAL_UI_PORT}`],
        auth:
          v.AUTH_ISSUER === undefined
            ? { kind: 'embedded', ...claims(v), ...(v.AUTH_SIGNING_KEY_FILE !== undefined ? { signingKeyFile: v.AUTH_SIGNING_KEY_FILE } : {}) }
            : { kind: 'external', issuer: v.AUTH_ISSUER, audience: v.AUTH_AUDIENCE!, jwksUrl: new URL(v.AUTH_JWKS_URL!).toString(), ...claims(v) },
        log: logOf(v),
        http: httpOf(v),
        workerMetricsPort: v.WORKER_METRICS_PORT === null ? undefined : (v.WORKER_METRICS_PORT ?? workerMetricsPortFor(v.PORT)),
        workerCachedWorkflows: v.WORKER_CACHED_WORKFLOWS,
        host: v.HOST,
        letterFilesDir: v.LETTER_FILES_DIR,
        acceptPolicyChange: v.POLICY_CHANGE === 'accept',
        temporalConnection:
          v.TEMPORAL_TOKEN_PERMISSIONS === undefined
            ? temporalConnection
            : { ...temporalConnection, serviceToken: { permissions: v.TEMPORAL_TOKEN_PERMISSIONS, signingKeyFile: v.AUTH_SIGNING_KEY_FILE! } },
      }),
    )
    .superRefine((settings, ctx) => {
      const seen = new Map<number, string>();
      for (const { variable, port } of portsToBind(settings)) {
        const other = seen.get(port);
        if (other) return ctx.addIssue({ code: 'custom', path: [variable], message: `port ${port} is also ${other}; give each its own port` });
        seen.set(port, variable);
      }
    });
}

const claims = (v: Variables): TokenClaims => ({ rolesClaim: v.AUTH_ROLES_CLAIM, municipalitiesClaim: v.AUTH_MUNICIPALITIES_CLAIM });

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

/** host:port, the host a name or an [IPv6] address. */
function isHostPort(text: string): boolean {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d+)$/.exec(text);
  const port = Number(match?.[2]);
  return match !== null && port >= 1 && port <= 65535;
}

/** Why a database URL cannot be used; never quoting it, for it may hold a password. */
function postgresUrlProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return 'is not a URL; write postgres://user:password@host:5432/database';
  const url = new URL(text);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return `must start with postgres:// (it starts with ${url.protocol}//)`;
  if (!url.hostname) return 'names no host; write postgres://user:password@host:5432/database';
  if (url.pathname.length <= 1) return `names no database; add it after the host: postgres://…@${url.host}/cases`;
  return undefined;
}

/** The host, port and database a database URL names. */
function databasePlace(text: string): string {
  const url = new URL(text);
  return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function jwksUrlProblem(text: string): string | undefined {
  if (!URL.canParse(text)) return `"${text}" is not a URL; write the issuer's JWKS address, e.g. https://login.example.org/keys`;
  // Signing keys fetched in the clear could be swapped on the way: https, except on this machine.
  const url = new URL(text);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return `must be an https:// URL (http:// only for localhost), not ${url.protocol}//`;
  }
  return undefined;
}

/** scheme://host[:port] exactly, http or https: no path, no trailing slash (a browser sends it so). */
function isOrigin(origin: string): boolean {
  const url = URL.canParse(origin) ? new URL(origin) : undefined;
  return url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
}

/** An instant with its offset (`2026-03-01T00:00:00Z`, `2026-03-01T01:00:00+01:00`): a date alone would leave the zone open. */
function isInstant(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) || Number.isNaN(new Date(text).getTime())) return false;
  // Date would roll 2026-02-30 over into March: the day must exist in its month.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** PAYLOAD_KEYS, or the file PAYLOAD_KEYS_FILE names (codec/keys.ts); a key that cannot be used is an issue of where it came from. */
function payloadKeySet(inline: string | undefined, file: string | undefined, ctx: z.RefinementCtx): PayloadKeySet | undefined {
  let [text, source] = [inline, 'PAYLOAD_KEYS'];
  if (file !== undefined) {
    source = `PAYLOAD_KEYS_FILE (${file})`;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['PAYLOAD_KEYS_FILE'], message: `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
      return undefined;
    }
  }
  if (text === undefined) return undefined;
  try {
    return { keys: parsePayloadKeys(text, source), source };
  } catch (error) {
    if (!(error instanceof PayloadKeysError)) throw error;
    ctx.addIssue({ code: 'custom', path: [error.setting], message: error.problem });
    return undefined;
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
