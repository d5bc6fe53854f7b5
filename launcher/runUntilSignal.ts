// Runs one part until SIGINT or SIGTERM, then stops it within a deadline. Start problems: one line, exit 1.
// The lines go through the process's logger, so under LOG_FORMAT=json they are JSON like every other.
import { rootLogger, type Logger } from '../observability/logger';
import { oneLine, withTimeout } from './waiting';

/** The process's logger; the console when LOG_FORMAT or LOG_LEVEL itself is what cannot be read. */
function logger(): Pick<Logger, 'info' | 'error'> {
  try {
    return rootLogger();
  } catch {
    return { info: (msg: string) => console.log(msg), error: (msg: string) => console.error(msg) } as Pick<Logger, 'info' | 'error'>;
  }
}

export async function runUntilSignal(part: string, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: () => Promise<void>;
  try {
    stop = await start();
  } catch (error) {
    logger().error(`Cannot start the ${part}: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger().info(`${signal}: stopping the ${part}…`);
  try {
    await withTimeout(stop(), 30_000, `stopping the ${part}`);
    process.exit(0);
  } catch (error) {
    logger().error(oneLine(error instanceof Error ? error.message : String(error)));
    process.exit(1);
  }
}
