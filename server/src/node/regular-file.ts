import fs from 'node:fs';

/** A file Standpoint keeps (the cache, the baseline) that is there but is not a regular file. */
export class NotAFileError extends Error {
  constructor(file: string, stat: fs.Stats, flag: string) {
    const kind = stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'not a regular file';
    super(`${file} is ${kind}, not a file Standpoint can read and write: remove it, or choose another place with ${flag}`);
    this.name = 'NotAFileError';
  }
}

/** Refuses a path that exists but is not a regular file: reading a pipe would wait for ever, writing over a folder fails late. */
export function refuseNonRegular(file: string, flag = '--cache-location'): void {
  const stat = statOf(file);
  if (stat && !stat.isFile()) throw new NotAFileError(file, stat, flag);
}

/** The file's status, or undefined when it is not there or cannot be read. */
export function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
