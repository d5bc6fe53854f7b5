// The Fiks IO payload is a zip (ASiC-E) holding the message's XML and its files, written and read
// with fflate. Stored entries (no compression): a letter's PDF is compressed already.
import { unzipSync, zipSync } from 'fflate';

export interface ZipFile {
  name: string;
  data: Buffer;
}

export function zip(files: readonly ZipFile[]): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(f.data)])), { level: 0 }));
}

/** Reads a zip; throws on one that is cut off, fails its checksums, or holds nothing. */
export function unzip(data: Buffer): ZipFile[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(data));
  } catch (error) {
    throw new Error(`not a zip: ${error instanceof Error ? error.message : String(error)}`);
  }
  const files = Object.entries(entries).map(([name, bytes]) => ({ name, data: Buffer.from(bytes) }));
  if (files.length === 0) throw new Error('not a zip');
  return files;
}
