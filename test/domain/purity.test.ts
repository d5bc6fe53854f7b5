import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// domain/ runs inside the Temporal workflow sandbox: no Node built-ins, no host time zone, and of
// packages only zod (the steps' input schemas: pure, and loaded in the sandbox by test/workflows).
const DOMAIN = join(__dirname, '..', '..', 'domain');

describe('domain modules are pure', () => {
  // Every module, in the folders by the law's steps too (calendar/, case/, steps/, …).
  const files = (readdirSync(DOMAIN, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only other domain modules and uses no Intl, process or fs', (file) => {
    // Comments may name what the code avoids ("not by Intl"); check the code only.
    const source = readFileSync(join(DOMAIN, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s\/\/ .*$/gm, '');
    const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    for (const target of imports) {
      if (target === 'zod') continue;
      expect(target, `${file} imports ${target}`).toMatch(/^\.\.?\/[\w./-]+$/);
      // A relative import that stays inside domain/.
      expect(relative(DOMAIN, resolve(DOMAIN, dirname(file), target ?? '')), `${file} imports ${target}`).not.toMatch(/^\.\./);
    }
    expect(source).not.toMatch(/\bIntl\b|\bprocess\.|toLocale\w*String|getTimezoneOffset/);
  });
});
