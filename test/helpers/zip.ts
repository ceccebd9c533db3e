import fs from 'node:fs';
import zlib from 'node:zlib';

/** A zip file's entries from its central directory: name, compression method, sizes and where the entry's local header is. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeader: number;
}

function centralDirectory(file: string, buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localHeader: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Entry names of a zip file (a .vsix), in the order they are stored. */
export function zipEntries(file: string): string[] {
  return centralDirectory(file, fs.readFileSync(file)).map((e) => e.name);
}

/** The text of one entry (stored or deflated), or undefined when there is no such entry. */
export function zipEntryText(file: string, name: string): string | undefined {
  const buf = fs.readFileSync(file);
  const entry = centralDirectory(file, buf).find((e) => e.name === name);
  if (!entry) return undefined;
  const header = entry.localHeader;
  if (buf.readUInt32LE(header) !== 0x04034b50) throw new Error(`${file}: bad local header for ${name}`);
  const start = header + 30 + buf.readUInt16LE(header + 26) + buf.readUInt16LE(header + 28);
  const data = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method === 8) return zlib.inflateRawSync(data).toString('utf8');
  throw new Error(`${file}: ${name} uses compression method ${entry.method}`);
}
