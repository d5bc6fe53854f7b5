// A process's resident memory, read from /proc (Linux): what the worker holds, seen from outside.
import { readFileSync } from 'node:fs';

/** VmRSS and VmHWM (the peak) of `pid`, in MB; null where /proc does not tell. */
export function residentMemory(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
