// Settings for a part that runs on its own (a container): it starts no server, so it needs both addresses.
import { loadSettings, SettingsError, type Settings } from '../config/settings';

export type ExternalSettings = Settings & { temporalAddress: string; databaseUrl: string };

export function requireExternalServices(part: string, env: Record<string, string | undefined> = process.env): ExternalSettings {
  const settings = loadSettings(env);
  const { temporalAddress, databaseUrl } = settings;
  if (!temporalAddress) throw new SettingsError('TEMPORAL_ADDRESS', `must be set: the ${part} alone starts no Temporal server`);
  if (!databaseUrl) throw new SettingsError('DATABASE_URL', `must be set: the ${part} alone starts no PostgreSQL`);
  return { ...settings, temporalAddress, databaseUrl };
}
