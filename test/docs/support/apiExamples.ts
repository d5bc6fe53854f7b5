// docs/api-examples.md: a request and its answer for every operation of the OpenAPI document, as
// test/docs/apiExamples.test.ts recorded them over the real stack. This module keeps what the walk
// sent and got, takes out what changes from run to run (ids, case numbers, times, keys) and writes the
// page; the test compares the page with docs/api-examples.md (UPDATE_DOCS=1 rewrites it).
import { STATUS_CODES } from 'node:http';
import type { Answer, Call } from '../../api/support/http';
import { operationsOf as operationsInDocument, type OpenApiDocument } from '../../../scripts/docs/openApiDocument';

export const EXAMPLES_FILE = 'docs/api-examples.md';
export const UPDATE_COMMAND = 'npm run docs:examples';

/** `GET /api/cases/{id}`: an operation as the OpenAPI document names it. */
export type Operation = `${'GET' | 'POST' | 'DELETE'} /${string}`;

/** Who sends a request: the shell variable that holds their token, or none (an open route). */
export interface Caller {
  call: Call;
  token: `$${string}` | null;
}

export interface Example {
  operation: Operation;
  /** The path sent, with its query, before normalising. */
  path: string;
  body?: unknown;
  /** Headers the caller sends besides Authorization and Content-Type, as shown (`$(uuidgen)` for a fresh key). */
  headers: Record<string, string>;
  token: string | null;
  answer: Answer;
  /** For an answer that is not JSON: what to show instead of its body. */
  excerpt?: string;
  /** For a long JSON answer: the body as shown (the note says what was left out). */
  shown?: (body: any) => unknown;
  /** A line said before the request. */
  note?: string;
}

/** Every operation of the document, in its order (the order of the routes table in docs/api.md). */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return operationsInDocument(doc).map(({ method, path }) => `${method.toUpperCase()} ${path}` as Operation);
}

/** The statuses the document lists for an operation. */
export function documentedStatuses(doc: OpenApiDocument, operation: Operation): string[] {
  const [method, p] = operation.split(' ') as [string, string];
  return Object.keys(doc.paths[p]?.[method.toLowerCase()]?.responses ?? {});
}

/** Values that differ from run to run, each with the stable text that stands for it on the page. */
export class Placeholders {
  private readonly names = new Map<string, string>();
  private readonly kept = new Set<string>();

  /** `value` is written as `name` wherever it appears (a path, a body, an answer). */
  set(value: string, name: string): string {
    if (value.length > 0) this.names.set(value, name);
    return value;
  }

  /** `value` stays as it is where it stands whole, though it looks like something that varies (a fixed date of an example). */
  keep(value: string): string {
    this.kept.add(value);
    return value;
  }

  /** What varies per run, replaced: the named values first (longest first), then any uuid, instant, date or month. */
  apply(text: string): string {
    const named = [...this.names].sort((a, b) => b[0].length - a[0].length);
    let out = text;
    // Each named value becomes a marker first, so the patterns below leave what it stands for alone.
    named.forEach(([value], i) => (out = out.split(value).join(`\u0000${i}\u0000`)));
    // A kept date only where it stands whole: not the day of an instant of a run on that day.
    const kept = [...this.kept].map((value) => [value, value] as [string, string]);
    kept.forEach(([value], i) => {
      const whole = new RegExp(`(?<![\\w:.-])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w:-]|\\.\\d)`, 'g');
      out = out.replace(whole, `\u0000${named.length + i}\u0000`);
    });
    named.push(...kept);
    out = out
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/g, '<time>')
      .replace(/\b\d{4}-\d{2}-\d{2}\b/g, '<date>')
      .replace(/"\d{4}-\d{2}"/g, '"<month>"')
      .replace(/\b\d{1,2}\.\s+(januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember)\s+\d{4}\b/g, '<dato>')
      .replace(/\b\d{2}\.\d{2}\.\d{4}\b/g, '<dato>')
      .replace(/\bkl\. \d{2}[.:]\d{2}\b/g, 'kl. <tid>')
      .replace(/<dato>(\)?), \d{2}:\d{2}\b/g, '<dato>$1, <tid>');
    return out.replace(/\u0000(\d+)\u0000/g, (_, i: string) => named[Number(i)]![1]);
  }
}

/** Records each request and answer of the walk; at most one example per operation. */
export class Recorder {
  readonly examples = new Map<Operation, Example>();

  constructor(private readonly doc: OpenApiDocument) {}

  /** Sends the request as `caller` and records it as the example of `operation` (the first one only). */
  async send(
    operation: Operation,
    caller: Caller,
    opts: { path?: string; body?: unknown; headers?: Record<string, string>; note?: string; shown?: (body: any) => unknown } = {},
  ): Promise<Answer> {
    const [method, template] = operation.split(' ') as [string, string];
    const path = opts.path ?? template;
    const answer = await caller.call(method, path, opts.body, opts.headers);
    if (this.examples.has(operation)) throw new Error(`${operation} was recorded twice: send the second without the recorder`);
    const shown: Record<string, string> = {};
    // A header the document declares for the operation (Idempotency-Key) is shown as a fresh one.
    const declared = this.declaredHeaders(operation);
    for (const name of Object.keys(opts.headers ?? {})) if (!(name in shown) && declared.includes(name)) shown[name] = name === 'Idempotency-Key' ? '$(uuidgen)' : opts.headers![name]!;
    this.examples.set(operation, { operation, path, body: opts.body, headers: shown, token: caller.token, answer, shown: opts.shown, note: opts.note });
    return answer;
  }

  /** What the page shows instead of the body of a non-JSON answer (a PDF, the metrics). */
  describe(operation: Operation, excerpt: string): void {
    const example = this.examples.get(operation);
    if (!example) throw new Error(`${operation} was not recorded`);
    example.excerpt = excerpt;
  }

  private declaredHeaders(operation: Operation): string[] {
    const [method, p] = operation.split(' ') as [string, string];
    const op = this.doc.paths[p]?.[method.toLowerCase()] as { parameters?: Array<{ in: string; name: string }> } | undefined;
    return (op?.parameters ?? []).filter((x) => x.in === 'header').map((x) => x.name);
  }
}

const BASE = 'http://localhost:3000';

function curl(example: Example, ph: Placeholders): string {
  const [method] = example.operation.split(' ') as [string];
  const url = `${BASE}${ph.apply(example.path)}`;
  const quotedUrl = url.includes('?') || url.includes('$') ? `"${url}"` : url;
  const pdf = example.answer.headers.get('content-type')?.startsWith('application/pdf');
  const first = `curl -s${method === 'GET' ? '' : ` -X ${method}`}${pdf ? ' -o answer.pdf' : ''} ${quotedUrl}`;
  const lines = [first];
  if (example.token) lines.push(`-H "Authorization: Bearer ${example.token}"`);
  if (example.body !== undefined) lines.push(`-H 'Content-Type: application/json'`);
  for (const [name, value] of Object.entries(example.headers)) lines.push(value.includes('$') ? `-H "${name}: ${value}"` : `-H '${name}: ${value}'`);
  if (example.body === undefined) return lines.join(' \\\n  ');
  const json = ph.apply(JSON.stringify(example.body, null, 2));
  // A body that names a variable ($CASE_ID) is a here-document the shell expands; else one it leaves as it is.
  const here = /\$[A-Z_]+/.test(json) ? 'JSON' : `'JSON'`;
  lines.push(`-d @- <<${here}`);
  return `${lines.join(' \\\n  ')}\n${json}\nJSON`;
}

function answerText(example: Example, ph: Placeholders): string {
  const { status, headers, body } = example.answer;
  const type = headers.get('content-type') ?? '';
  const location = headers.get('location');
  const head = [`${status} ${STATUS_CODES[status] ?? ''}`.trim(), ...(location ? [`Location: ${ph.apply(location)}`] : [])];
  if (example.excerpt !== undefined) {
    return [`\`${head.join('`, `')}\`, \`Content-Type: ${type}\``, '', '```text', ph.apply(example.excerpt), '```'].join('\n');
  }
  if (!type.includes('application/json')) throw new Error(`${example.operation} answered ${type}: give an excerpt`);
  return [`\`${head.join('`, `')}\``, '', '```json', ph.apply(JSON.stringify(example.shown ? example.shown(body) : body, null, 2)), '```'].join('\n');
}

/** docs/api-examples.md, from the examples recorded, in the order of `operations`. */
export function renderExamples(operations: readonly Operation[], examples: ReadonlyMap<Operation, Example>, ph: Placeholders, preamble: string): string {
  const sections = operations.map((operation) => {
    const example = examples.get(operation);
    if (!example) throw new Error(`No example of ${operation}`);
    return [`## \`${operation}\``, '', ...(example.note ? [example.note, ''] : []), '```sh', curl(example, ph), '```', '', answerText(example, ph)].join('\n');
  });
  return `${preamble.trim()}\n\n${sections.join('\n\n')}\n`;
}
