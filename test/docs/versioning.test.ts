// workflows/VERSIONING.md is what a developer reads before changing a workflow while cases are open:
// it must name every patch id the workflows use and every activity they schedule, read from the code
// itself, so a new patch or a new activity cannot be added without the page saying so.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATCH_IDS, PATCHES } from '../../workflows/patches';

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS = path.join(ROOT, 'workflows');
const VERSIONING = readFileSync(path.join(WORKFLOWS, 'VERSIONING.md'), 'utf8');

/** The code only: a comment may show `patched(id)` as an example. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function workflowSources(dir = WORKFLOWS): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return workflowSources(file);
    return entry.name.endsWith('.ts') ? [{ file: path.relative(ROOT, file), text: withoutComments(readFileSync(file, 'utf8')) }] : [];
  });
}

/** The activities a workflow schedules: the names it takes from proxyActivities / proxyLocalActivities. */
function scheduledActivities(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/const\s*\{([^}]*)\}\s*=\s*proxy(?:Local)?Activities\b/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part.split(':')[0]!.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

describe('workflows/VERSIONING.md', () => {
  const sources = workflowSources();

  it('names every patch id of workflows/patches.ts', () => {
    expect(PATCH_IDS.length).toBeGreaterThan(0);
    for (const id of PATCH_IDS) expect(VERSIONING, id).toContain(`\`${id}\``);
  });

  it('names every activity the workflows schedule', () => {
    const activities = [...new Set(sources.flatMap(({ text }) => scheduledActivities(text)))].sort();
    expect(activities).toEqual(expect.arrayContaining(['deliverLetter', 'recordChangeWithLetters', 'startMissingCaseWorkflows']));
    for (const name of activities) expect(VERSIONING, name).toContain(`\`${name}\``);
  });

  it('every patch the workflows call takes its id from workflows/patches.ts, none written as a string in place', () => {
    const calls = sources.flatMap(({ file, text }) => [...text.matchAll(/\b(patched|deprecatePatch)\(([^)]*)\)/g)].map((m) => ({ file, arg: m[2]!.trim() })));
    expect(calls.length).toBeGreaterThanOrEqual(PATCH_IDS.length);
    for (const { file, arg } of calls) expect(arg, file).toMatch(/^PATCHES\.\w+$/);
    const used = new Set(calls.map(({ arg }) => PATCHES[arg.replace('PATCHES.', '') as keyof typeof PATCHES]));
    expect([...used].sort()).toEqual([...PATCH_IDS].sort());
  });

  it('finds the activities a proxy declares, as written in the workflows', () => {
    expect(scheduledActivities("const { a, b: c } = proxyActivities<X>({});\nconst {\n  d,\n} = proxyLocalActivities({});")).toEqual(['a', 'b', 'd']);
  });
});
