// Runs one part until SIGINT or SIGTERM, then stops it within a deadline. Start problems: one line, exit 1.
import { oneLine, withTimeout } from './waiting';

export async function runUntilSignal(part: string, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: () => Promise<void>;
  try {
    stop = await start();
  } catch (error) {
    console.error(`Cannot start the ${part}: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log(`${signal}: stopping the ${part}…`);
  try {
    await withTimeout(stop(), 30_000, `stopping the ${part}`);
    process.exit(0);
  } catch (error) {
    console.error(oneLine(error instanceof Error ? error.message : String(error)));
    process.exit(1);
  }
}
