// How the case workflows are bundled, by the worker and by every test that builds the bundle itself:
// with the converters the worker uses, and without zod (worker/inertZod.ts says why).
import path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { CONVERTER_PATHS } from '../temporal/dataConverter';

export const INERT_ZOD_PATH = path.resolve(__dirname, 'inertZod.ts');

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/** `zod` (the package's entry only) resolves to the inert stand-in inside the workflow bundle. */
export function withoutZod(config: WebpackConfiguration): WebpackConfiguration {
  const resolve = config.resolve ?? {};
  const alias = resolve.alias;
  if (Array.isArray(alias)) throw new Error('the workflow bundle\'s webpack aliases are a list: worker/workflowBundle.ts expects an object');
  return { ...config, resolve: { ...resolve, alias: { ...alias, zod$: INERT_ZOD_PATH } } };
}

/** What `bundleWorkflowCode` (and the worker's own bundling, as `bundlerOptions`) needs besides `workflowsPath`. */
export const WORKFLOW_BUNDLE_OPTIONS = { ...CONVERTER_PATHS, webpackConfigHook: withoutZod } as const;
