import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// domain/ runs inside the Temporal workflow sandbox: no Node built-ins, no packages, no host time zone.
const DOMAIN = join(__dirname, '..', '..', 'domain');

describe('domain modules are pure', () => {
  // Issue 24: the step modules in domain/steps/ too; each step module holds its zod input schema.
  const files = readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only other domain modules and uses no Intl, process or fs', (file) => {
    // Comments may name what the code avoids ("not by Intl"); check the code only.
    const source = readFileSync(join(DOMAIN, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '')
      .replace(/\s\/\/ .*$/gm, '');
    const imports = [...source.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
    const allowed = file.startsWith('steps/') ? /^(\.\.?\/[\w.-]+|zod)$/ : /^\.\/(steps\/)?[\w.-]+$/;
    for (const target of imports) expect(target, `${file} imports ${target}`).toMatch(allowed);
    expect(source).not.toMatch(/\bIntl\b|\bprocess\.|toLocale\w*String|getTimezoneOffset/);
  });
});
