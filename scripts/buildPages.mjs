#!/usr/bin/env node
// Builds the office's pages (web/src) into web/dist/assets/app.js and app.css with esbuild. Run by
// scripts/setup.mjs before `npm start` and `npm test`, so no one builds by hand; it takes about a second.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildPages() {
  await build({
    entryPoints: { app: path.join(ROOT, 'web', 'src', 'main.tsx') },
    outdir: path.join(ROOT, 'web', 'dist', 'assets'),
    bundle: true,
    format: 'esm',
    minify: true,
    sourcemap: false,
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.svg': 'dataurl' },
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPages().catch((error) => {
    console.error(`build of the pages failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
