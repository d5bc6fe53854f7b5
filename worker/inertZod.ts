// What the workflow bundle gets instead of zod (worker/workflowBundle.ts). The step modules in domain/
// build their bodies' zod schemas for the API, which validates with them; workflow code never does.
// Built in the sandbox, those schemas were built again for every case run the worker keeps (the SDK
// gives each run its own copy of every module): about 330 schemas, 1 MB of heap and a fifth of the
// workflow threads' time per run. Here any schema built is one inert value; validating with it throws.

const VALIDATING = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa', 'decode', 'encode', 'safeDecode', 'safeEncode']);

function refuse(name: string): () => never {
  return () => {
    throw new Error(`${name}() on a zod schema in workflow code: the workflow bundle has no zod (worker/inertZod.ts). Validate in the API.`);
  };
}

// A function target, so that calling it (z.object(…), .refine(…)) works as getting a property does.
const inert: unknown = new Proxy(function inertSchema() {}, {
  get(_target, prop) {
    if (prop === Symbol.toPrimitive) return () => '[zod schema, inert in the workflow bundle]';
    if (typeof prop === 'string' && VALIDATING.has(prop)) return refuse(prop);
    return inert;
  },
  apply: () => inert,
  construct: () => inert as object,
});

export const z = inert;
export default inert;
