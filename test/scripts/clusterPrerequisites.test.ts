// `npm run test:cluster` needs Go once (to build the Temporal server from its Go module): without it,
// or with one too old for the server's go.mod, it says so in words an operator can act on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goToolchain, MissingToolError } from '../../scripts/cluster/temporalServerBinaries';

const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-go-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeGo(version: string): string {
  const file = path.join(dir, `go-${version}`);
  writeFileSync(file, `#!/bin/sh\necho go${version}\n`, { mode: 0o755 });
  return file;
}

describe('the cluster suite without a usable Go', () => {
  it('no Go at all: says Go is missing, which version to install, and where the server is cached', () => {
    expect(() => goToolchain({ GO: path.join(dir, 'no-such-go') })).toThrow(MissingToolError);
    expect(() => goToolchain({ GO: path.join(dir, 'no-such-go') })).toThrow(/Go is not installed.*temporal-server-v1\.32\.0.*Go 1\.26\.8 or newer/);
  });

  it('a Go older than the server asks for: says which it has and which it needs', () => {
    expect(() => goToolchain({ GO: fakeGo('1.22.3') })).toThrow(/Go 1\.22\.3 is too old .* asks for 1\.26\.8/);
  });

  it('a recent enough Go is taken', () => {
    expect(goToolchain({ GO: fakeGo('1.26.8') }).version).toBe('1.26.8');
    expect(goToolchain({ GO: fakeGo('1.27.0') }).version).toBe('1.27.0');
  });
});
