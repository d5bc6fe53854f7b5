// The Temporal SDK's logger (Runtime.install({ logger })) as pino lines: what the SDK, the workflows
// (`log` from @temporalio/workflow) and the activities log goes through the project's logger, so it
// is JSON with LOG_FORMAT=json, scrubbed like every other line, and carries the workflow id.
import type { LogLevel as SdkLogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { Logger } from './logger';

const LEVELS: Record<SdkLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

// The activity's task token is a credential to complete it, not something to read in a log.
const DROPPED = new Set(['taskToken']);

export function temporalLogger(logger: Logger): SdkLogger {
  const log = (level: SdkLogLevel, message: string, meta?: LogMetadata) => {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(meta ?? {})) if (!DROPPED.has(key)) fields[key] = value;
    // The bundler's many-line report of what it built is for whoever debugs the bundle.
    const pinoLevel = level === 'INFO' && message.includes('\n') ? 'debug' : (LEVELS[level] ?? 'info');
    logger[pinoLevel](fields, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
