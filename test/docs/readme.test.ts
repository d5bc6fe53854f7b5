// The README stays a short page that starts a newcomer and links out: under 10 KB, with the two
// commands, and every link in it and in docs/ leads to a file and a heading that exist.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(file);
    return entry.name.endsWith('.md') ? [file] : [];
  });
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

function anchorsIn(file: string): Set<string> {
  return new Set([...readFileSync(file, 'utf8').matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1]!)));
}

describe('README.md', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

  it('is under 10 KB and gives the two commands', () => {
    expect(statSync(path.join(ROOT, 'README.md')).size).toBeLessThan(10 * 1024);
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('links to each page in docs/', () => {
    for (const file of markdownFiles(path.join(ROOT, 'docs')).filter((f) => path.dirname(f) === path.join(ROOT, 'docs'))) {
      expect(readme, file).toContain(`(docs/${path.basename(file)}`);
    }
  });

  it('every relative link in README.md, docs/ and workflows/VERSIONING.md leads to a file and heading that exist', () => {
    const files = [path.join(ROOT, 'README.md'), path.join(ROOT, 'workflows', 'VERSIONING.md'), ...markdownFiles(path.join(ROOT, 'docs'))];
    const broken: string[] = [];
    for (const file of files) {
      for (const [, link] of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(link!)) continue;
        const [target, anchor] = link!.split('#') as [string, string | undefined];
        const resolved = target ? path.resolve(path.dirname(file), target) : file;
        if (!existsSync(resolved)) broken.push(`${path.relative(ROOT, file)}: ${link} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor)) broken.push(`${path.relative(ROOT, file)}: ${link} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});
