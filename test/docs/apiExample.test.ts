// The worked example in docs/api.md can be copied as it is: its request passes the API's own
// validation of POST /api/cases, and the answer it shows is the view the code derives for that
// application (the same derivation the API answers a new case with).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseViewSchema } from '../../api/schemas/caseView';
import { NEW_CASE_EXAMPLE, newCaseSchema } from '../../api/schemas/newCase';
import { loadPolicy } from '../../config/policy';
import { initialCaseView } from '../../domain/case/initialCaseView';

const API_DOC = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');

/** The first fenced block after `<!-- example:<name> -->`. */
function example(name: string): string {
  const marker = API_DOC.indexOf(`<!-- example:${name} -->`);
  expect(marker, name).toBeGreaterThan(0);
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(API_DOC.slice(marker));
  expect(block, name).not.toBeNull();
  return block![1]!;
}

describe('the worked example of POST /api/cases in docs/api.md', () => {
  const policy = loadPolicy();
  const requestText = example('new-case-request');
  const body = JSON.parse(/<<'JSON'\n([\s\S]*?)\nJSON/.exec(requestText)![1]!) as Record<string, unknown>;
  const answer = JSON.parse(example('new-case-response')) as Record<string, unknown>;

  it('is a request the API takes', () => {
    const parsed = newCaseSchema(Object.keys(policy.municipalities)).safeParse(body);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(requestText).toContain('POST http://localhost:3000/api/cases');
    expect(requestText).toContain('Authorization: Bearer $TOKEN');
  });

  it("is the OpenAPI document's example of POST /api/cases", () => {
    expect(body).toEqual(NEW_CASE_EXAMPLE);
  });

  it('shows the answer the code gives for it', () => {
    expect(caseViewSchema.safeParse(answer).success).toBe(true);
    const municipality = body.municipality as string;
    const view = initialCaseView({
      caseId: answer.id as string,
      caseNumber: answer.caseNumber as string,
      municipality,
      services: body.services as string[],
      channel: body.channel as 'digital' | 'paper',
      receivedAt: answer.receivedAt as string,
      timers: policy.municipalities[municipality]!.timers,
    });
    expect(answer).toEqual(JSON.parse(JSON.stringify(view)));
  });
});
