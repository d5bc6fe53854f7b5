// Binaries the tests run: an environment override, else the project's .venv (scripts/setup.mjs fills it).
// Absolute paths, resolved from the repository (launcher/binaries.ts), never from the working directory.
import { existsSync } from 'node:fs';

export { temporalCliPath, temporalTestServerPath, REPO_ROOT } from '../../launcher/binaries';

/** Debian's chromium for browser tests (CHROMIUM_PATH overrides); undefined when not installed. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH?.trim(), '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}
