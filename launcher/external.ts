// Settings for a part that runs on its own (a container): it starts no server, so it needs both addresses.
import { loadSettings, SettingsError, type Settings } from '../config/settings';

export type ExternalSettings = Settings & { temporalAddress: string; databaseUrl: string; payloadKeys: NonNullable<Settings['payloadKeys']> };

export function requireExternalServices(part: string, env: Record<string, string | undefined> = process.env): ExternalSettings {
  const settings = loadSettings(env);
  const { temporalAddress, databaseUrl, payloadKeys } = settings;
  if (!temporalAddress) throw new SettingsError('TEMPORAL_ADDRESS', `must be set: the ${part} alone starts no Temporal server`);
  if (!databaseUrl) throw new SettingsError('DATABASE_URL', `must be set: the ${part} alone starts no PostgreSQL`);
  // Every instance of the API and the worker must hold the same keys: none is made up here.
  if (!payloadKeys) throw new SettingsError('PAYLOAD_KEYS', `(or PAYLOAD_KEYS_FILE) must be set: the ${part} alone makes no payload key`);
  return { ...settings, temporalAddress, databaseUrl, payloadKeys };
}
