// Writes a file into a drop directory once: the content goes to a temporary file first and is then
// linked to its final name, which fails if that name exists. A reader of the directory never sees a
// half-written file, and a second delivery of the same letter neither overwrites nor adds anything.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface DroppedFile {
  path: string;
  /** False when the file was already there: nothing was written. */
  written: boolean;
}

export async function dropFileOnce(dir: string, name: string, data: Buffer | string): Promise<DroppedFile> {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`"${name}" is not a plain file name`);
  await fs.mkdir(dir, { recursive: true });
  const finalPath = path.join(dir, name);
  if (await exists(finalPath)) return { path: finalPath, written: false };

  // Hidden and suffixed, so a reader that picks up "*.json" or "*.pdf" never takes it.
  const tempPath = path.join(dir, `.${name}.${randomUUID()}.tmp`);
  const handle = await fs.open(tempPath, 'wx', 0o640);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    try {
      // link() never replaces an existing name: of two racing deliveries exactly one wins.
      await fs.link(tempPath, finalPath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return { path: finalPath, written: false };
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      // A file system without hard links: rename is still atomic, only the race between two
      // deliveries of the same letter at the same instant is not covered.
      if (await exists(finalPath)) return { path: finalPath, written: false };
      await fs.rename(tempPath, finalPath);
    }
    await syncDirectory(dir);
    return { path: finalPath, written: true };
  } finally {
    await fs.rm(tempPath, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

/** Makes the new name durable, where the platform allows opening a directory. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here (e.g. Windows): the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
