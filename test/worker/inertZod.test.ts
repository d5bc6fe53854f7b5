// The workflow bundle's stand-in for zod: the step modules' schemas build against it (as they do
// inside the sandbox), and validating with one fails loudly instead of passing everything.
import { describe, expect, it } from 'vitest';
import { z } from '../../worker/inertZod';

// As the sandbox sees it: zod's own `z`, typed as the step modules use it.
const inert = z as unknown as typeof import('zod').z;

describe('the inert zod of the workflow bundle', () => {
  it('builds what the step modules build, chains and all', () => {
    const schema = inert
      .strictObject({ at: inert.iso.datetime({ offset: true }).refine(() => true).meta({ examples: ['x'] }), n: inert.number().int().min(0).optional() }, { error: 'x' })
      .superRefine(() => undefined);
    expect(typeof schema).toBe('function');
    expect(`${String(schema)}`).toMatch(/inert/);
  });

  it('refuses to validate, naming where zod went', () => {
    const schema = inert.object({ a: inert.string() });
    expect(() => schema.parse({ a: 'b' })).toThrow(/parse\(\) on a zod schema in workflow code: the workflow bundle has no zod \(worker\/inertZod\.ts\)/);
    expect(() => schema.safeParse({ a: 1 })).toThrow(/safeParse\(\)/);
  });
});
