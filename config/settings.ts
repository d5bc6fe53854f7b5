// The program's settings, read once from the environment and checked before anything starts.
// Every problem is reported as one line that names the variable, so a wrong setting is fixed in seconds.
import path from 'node:path';

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
  /** An existing PostgreSQL; unset means: start the embedded one. */
  databaseUrl: string | undefined;
  /** Absolute path of a policy file that replaces the built-in one. */
  policyFile: string | undefined;
  /** Where the worker serves the Temporal SDK's Prometheus metrics; undefined when WORKER_METRICS_PORT=off. */
  workerMetricsPort: number | undefined;
  /** LOG_FORMAT and LOG_LEVEL. */
  log: LogSettings;
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export interface LogSettings {
  format: LogFormat;
  level: LogLevel;
}

export const DEFAULTS = {
  port: 3000,
  dataDir: './data',
  temporalNamespace: 'default',
  temporalPort: 7233,
  temporalUiPort: 8233,
  // Off PostgreSQL's usual 5432, so the embedded server never collides with a system one.
  pgPort: 54329,
  // The OpenTelemetry Prometheus exporter's usual port.
  workerMetricsPort: 9464,
} as const;

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
  const settings: Settings = {
    port: portSetting(env, 'PORT', DEFAULTS.port),
    dataDir: path.resolve(cwd, textSetting(env, 'DATA_DIR') ?? DEFAULTS.dataDir),
    temporalAddress: addressSetting(env, 'TEMPORAL_ADDRESS'),
    temporalNamespace: namespaceSetting(env, 'TEMPORAL_NAMESPACE'),
    temporalPort: portSetting(env, 'TEMPORAL_PORT', DEFAULTS.temporalPort),
    temporalUiPort: portSetting(env, 'TEMPORAL_UI_PORT', DEFAULTS.temporalUiPort),
    pgPort: portSetting(env, 'PG_PORT', DEFAULTS.pgPort),
    databaseUrl: databaseUrlSetting(env, 'DATABASE_URL'),
    policyFile: optionalPath(env, 'CASE_POLICY_FILE', cwd),
    log: logSettings(env),
    workerMetricsPort: textSetting(env, 'WORKER_METRICS_PORT') === 'off' ? undefined : portSetting(env, 'WORKER_METRICS_PORT', DEFAULTS.workerMetricsPort),
  };
  checkDistinctPorts(settings);
  return settings;
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

function optionalPath(env: Env, name: string, cwd: string): string | undefined {
  const text = textSetting(env, name);
  return text === undefined ? undefined : path.resolve(cwd, text);
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
