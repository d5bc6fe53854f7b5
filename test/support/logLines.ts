// A log destination for tests: collects what a logger writes, one line per entry.
import { Writable } from 'node:stream';

export interface CapturedLog {
  stream: Writable;
  lines(): string[];
  /** Every line parsed as JSON; throws naming the line that is not. */
  records(): Array<Record<string, unknown>>;
}

export function captureLog(): CapturedLog {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const lines = () => text.split('\n').filter((line) => line.trim() !== '');
  return {
    stream,
    lines,
    records: () =>
      lines().map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new Error(`not a JSON log line: ${line}`);
        }
      }),
  };
}
