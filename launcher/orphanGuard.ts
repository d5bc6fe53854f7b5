// A server must not outlive the process that started it, even when that process is killed outright
// (SIGKILL, a crashed test runner) and cannot run its own stop. Beside each server runs a tiny
// watchdog: when the starter is gone, it asks the server to stop, kills its group after a grace
// period, removes a scratch directory if told to, and exits. It exits on its own when the server does.
import { spawn } from 'node:child_process';

// Plain JavaScript for `node -e`, so the watchdog starts in milliseconds and needs no loader.
const WATCHDOG = `
const [starter, server, stopSignal, removeDir] = process.argv.slice(1);
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const kill = (pid, sig) => { try { process.kill(pid, sig); } catch {} };
const timer = setInterval(() => {
  if (!alive(+server)) process.exit(0);
  if (alive(+starter)) return;
  clearInterval(timer);
  kill(+server, stopSignal);
  setTimeout(() => {
    kill(-server, 'SIGKILL');
    if (removeDir) setTimeout(() => { try { require('fs').rmSync(removeDir, { recursive: true, force: true }); } catch {} process.exit(0); }, 1000);
    else process.exit(0);
  }, 10000);
}, 1000);
`;

export function guardAgainstOrphaning(serverPid: number, stopSignal: NodeJS.Signals, removeDirWhenOrphaned?: string): void {
  const guard = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), String(serverPid), stopSignal, removeDirWhenOrphaned ?? ''], {
    detached: true,
    stdio: 'ignore',
  });
  guard.on('error', () => undefined);
  guard.unref();
}
