// A TCP port free right now, for servers a test or a benchmark starts.
//
// Picked below the kernel's ephemeral range (ip_local_port_range), never from it: a port the OS
// handed out as ephemeral can be handed out again at once, to an outgoing connection or to a
// server that asks for port 0 (the Temporal dev server does for its own HTTP and metrics ports),
// so two stacks started side by side could end up fighting over one port.
import { readFileSync } from 'node:fs';
import { isPortFree } from '../../launcher/ports';

export { isPortFree };

const handedOut = new Set<number>();

function ephemeralRangeStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > 2_048 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

export async function freePort(): Promise<number> {
  const high = ephemeralRangeStart() - 1;
  const low = Math.max(1_025, high - 12_000);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (handedOut.has(port)) continue;
    if (await isPortFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${low} and ${high}`);
}
