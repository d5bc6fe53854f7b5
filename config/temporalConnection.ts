// How to reach Temporal, read with Temporal's own client environment configuration
// (@temporalio/envconfig), so an operator sets it as for any Temporal tool: TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS (and TEMPORAL_TLS_CLIENT_CERT_PATH, …_KEY_PATH,
// …_SERVER_CA_CERT_PATH, …_SERVER_NAME), TEMPORAL_GRPC_META_*, or a profile (TEMPORAL_PROFILE) of a
// TOML file (TEMPORAL_CONFIG_FILE). Variables override the profile's values.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { ServiceTokens, type ServiceTokenSpec } from './temporalServiceToken';

/** What the API's client and the worker's connection add to the address: TLS, API key, metadata. */
export interface TemporalConnectionOptions {
  tls?: TLSConfig | boolean;
  apiKey?: string;
  metadata?: Record<string, string>;
  /** TEMPORAL_TOKEN_PERMISSIONS: a token made and renewed by this process (temporal/serviceToken.ts). */
  serviceToken?: ServiceTokenSpec;
}

export interface TemporalProfile {
  address: string | undefined;
  namespace: string | undefined;
  connection: TemporalConnectionOptions;
}

type Env = Record<string, string | undefined>;
const HOME_VARIABLES = ['HOME', 'XDG_CONFIG_HOME', 'APPDATA'];

/**
 * The profile this process connects with. A file is read only when TEMPORAL_CONFIG_FILE or
 * TEMPORAL_PROFILE says so: a developer's own ~/.config/temporalio/temporal.toml (say, pointing at
 * Temporal Cloud) must not turn `npm start`'s embedded server into a remote one unasked.
 */
export function temporalProfile(env: Env, cwd: string): TemporalProfile {
  const given = (name: string) => (env[name]?.trim() ? env[name]!.trim() : undefined);
  const file = given('TEMPORAL_CONFIG_FILE');
  const profile = given('TEMPORAL_PROFILE');
  // Blank variables count as unset, as everywhere in the settings; the home folder locates the default file.
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => (entry[0].startsWith('TEMPORAL_') || HOME_VARIABLES.includes(entry[0])) && !!entry[1]?.trim()),
  );
  if (file !== undefined) overrideEnvVars.TEMPORAL_CONFIG_FILE = path.resolve(cwd, file);
  let config;
  try {
    // Temporal's loader passes over a missing file; a file the operator named must be there.
    if (file !== undefined && !existsSync(path.resolve(cwd, file))) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    config = loadClientConnectConfig({
      overrideEnvVars,
      disableFile: file === undefined && profile === undefined,
      ...(profile ? { profile } : {}),
    });
  } catch (error) {
    const variable = file === undefined ? 'TEMPORAL_PROFILE' : 'TEMPORAL_CONFIG_FILE';
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new TemporalProfileError(variable, `${file === undefined ? '~/.config/temporalio/temporal.toml' : path.resolve(cwd, file)}${profile ? ` (profile ${profile})` : ''} cannot be used: ${reason}`);
  }
  const { address, apiKey, tls, metadata } = config.connectionOptions;
  const connection: TemporalConnectionOptions = {
    ...(tls !== undefined && tls !== null ? { tls } : {}),
    ...(apiKey !== undefined ? { apiKey: String(apiKey) } : {}),
    ...(metadata && Object.keys(metadata).length > 0 ? { metadata: metadata as Record<string, string> } : {}),
  };
  return { address: address || undefined, namespace: config.namespace || undefined, connection };
}

/** Thrown as a SettingsError by the settings module (which names the variable). */
export class TemporalProfileError extends Error {
  constructor(readonly variable: string, message: string) {
    super(message);
    this.name = 'TemporalProfileError';
  }
}

export interface ResolvedTemporalConnection {
  /** For Connection / NativeConnection (no serviceToken in it). */
  options: Omit<TemporalConnectionOptions, 'serviceToken'>;
  /** The renewing token, when this process makes one (TEMPORAL_TOKEN_PERMISSIONS). */
  tokens?: ServiceTokens;
}

/** The options a process hands the Temporal SDK: the operator's, and a service token it makes and renews. */
export async function resolveTemporalConnection(given: TemporalConnectionOptions | undefined): Promise<ResolvedTemporalConnection> {
  if (!given) return { options: {} };
  const { serviceToken, ...options } = given;
  if (!serviceToken) return { options };
  // The SDK turns TLS on by itself when it sends an API key; a frontend inside the deployment's own
  // network (docker-compose.yml) speaks plain gRPC unless TEMPORAL_TLS says otherwise.
  return { options: { ...options, tls: options.tls ?? false }, tokens: await ServiceTokens.start(serviceToken) };
}
