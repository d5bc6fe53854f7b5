#!/usr/bin/env node
// Builds the office's pages (web/src) into web/dist/assets/app.js and app.css with esbuild. Run by
// scripts/setup.mjs before `npm start` and `npm test`, so no one builds by hand; it takes about a second.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Designsystemet imports a handful of icons from @navikt/aksel-icons' index, which esbuild does not
// tree-shake (it would add 1.3 MB): the index is replaced by one that exports just those. Should a new
// Designsystemet import another icon, the build fails naming it; add it here.
const ICONS = ['Checkmark', 'ChevronDown', 'ChevronUp', 'PadlockLockedFill', 'XMark'];
const akselIcons = {
  name: 'aksel-icons-used',
  setup(b) {
    b.onResolve({ filter: /^@navikt\/aksel-icons$/ }, () => ({ path: 'aksel-icons', namespace: 'aksel-icons-used' }));
    b.onLoad({ filter: /.*/, namespace: 'aksel-icons-used' }, () => ({
      contents: ICONS.map((name) => `export { default as ${name}Icon } from ${JSON.stringify(path.join(ROOT, 'node_modules', '@navikt', 'aksel-icons', 'dist', 'react', 'esm', `${name}.js`))};`).join('\n'),
      resolveDir: ROOT,
    }));
  },
};

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
    plugins: [akselIcons],
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildPages().catch((error) => {
    console.error(`build of the pages failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
