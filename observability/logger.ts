// The one logger of the API and the worker (pino). LOG_FORMAT=json writes one JSON object a line
// (`level`, `time`, `msg`, and the fields of the line) for a log collector; the default,
// `pretty`, writes readable lines through pino-pretty, in colour on a terminal. Every string that
// reaches a line (the message, each field, an error) is scrubbed of personal data first.
import type { Writable } from 'node:stream';
import pino, { type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
import { logSettings, type LogLevel, type LogSettings } from '../config/settings';
import { safeError, scrubErrorText, scrubFields, scrubText } from './scrub';

export type { Logger } from 'pino';

export interface LoggingOptions extends LogSettings {
  /** Where lines go; stdout when left out. */
  destination?: Writable;
}

const options = (level: LogLevel): LoggerOptions => ({
  level,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  // pino's own error serializer copies every field of an error (a pg error's `detail` quotes the row).
  serializers: { err: (value: unknown) => (value instanceof Error ? safeError(value) : value) },
  formatters: {
    // "level":"info" rather than pino's number: what an operator greps for.
    level: (label) => ({ level: label }),
    log: (fields) => scrubFields(fields) as Record<string, unknown>,
  },
  hooks: {
    logMethod(args, method) {
      const [first, ...rest] = args as unknown[];
      // logger.error(err) and logger.error(err, 'msg'): the error made safe, its message scrubbed.
      if (first instanceof Error) {
        const err = safeError(first);
        const message = typeof rest[0] === 'string' ? rest.shift() : err.message;
        method.apply(this, [{ err }, scrubErrorText(String(message)), ...rest.map(scrubArg)] as Parameters<typeof method>);
        return;
      }
      method.apply(this, [scrubArg(first), ...rest.map(scrubArg)] as Parameters<typeof method>);
    },
  },
});

function scrubArg(arg: unknown): unknown {
  return typeof arg === 'string' ? scrubText(arg) : arg;
}

export function createLogger(opts: LoggingOptions): Logger {
  if (opts.format === 'json') {
    return pino(options(opts.level), opts.destination ?? pino.destination({ dest: 1, sync: true }));
  }
  const pretty = pinoPretty({
    destination: opts.destination ?? 1,
    sync: true,
    colorize: !opts.destination && process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return pino(options(opts.level), pretty);
}

let root: Logger | undefined;

/** The process's logger, made on first use from LOG_FORMAT and LOG_LEVEL. */
export function rootLogger(): Logger {
  root ??= createLogger(logSettings());
  return root;
}
