import { Transform, type TransformCallback } from 'node:stream';

/** Longest header block accepted; a longer one is malformed. */
const MAX_HEADER = 8 * 1024;
/** Largest message body accepted (documents are refused past 5 MB anyway). */
export const MAX_MESSAGE = 64 * 1024 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = Buffer.from('Content-Length:');

/**
 * Re-frames the LSP base protocol read from a client before vscode-jsonrpc sees it. That
 * reader loses its place for good after a malformed header (`Content-Length: abc`, a
 * missing length, a header that never ends): every later message is read from the wrong
 * offset and the server stops answering. Here a well-formed frame is passed on unchanged;
 * a malformed one is dropped up to the next `Content-Length:`, so a bad message costs that
 * message, not the connection. Bodies that are not JSON are passed on: vscode-jsonrpc
 * drops them and goes on.
 *
 * Linear by construction: chunks are kept as they arrive and joined once per frame, and a
 * body still short of its declared length is scanned byte by byte, once, to find where its
 * JSON ends (a length declared too long must not swallow the messages after it).
 */
export class LspFraming extends Transform {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The frame whose header has been read, waiting for its body. */
  private frame: { start: number; length: number; scan: BodyScan } | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.frame) this.frame.scan.feed(chunk);
    this.drain();
    callback();
  }

  private drain(): void {
    for (;;) {
      if (this.frame) {
        const { start, length, scan } = this.frame;
        if (this.size >= start + length) this.pass(start, length);
        else if (scan.end !== undefined) this.pass(start, scan.end - start);
        else return; // wait for more of the body
        continue;
      }
      if (!this.readHeader()) return;
    }
  }

  /** Reads the next header into `frame`; false when more bytes are needed. Malformed headers are dropped. */
  private readHeader(): boolean {
    for (;;) {
      const buffer = this.joined();
      const headerEnd = buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (buffer.length <= MAX_HEADER) return false; // wait for the rest of the header
        this.resync(1); // a header that never ends
        continue;
      }
      const header = buffer.subarray(0, headerEnd).toString('ascii');
      const match = /^(?:[^\r\n]*\r\n)*?content-length:[ \t]*(\d{1,12})[ \t]*(?:\r\n|$)/i.exec(header);
      const length = match ? Number(match[1]) : -1;
      if (headerEnd > MAX_HEADER || length < 0 || length > MAX_MESSAGE || !/^[\x20-\x7e\r\n\t]*$/.test(header)) {
        this.resync(1);
        continue;
      }
      const start = headerEnd + HEADER_END.length;
      const scan = new BodyScan(start);
      scan.feed(buffer, start);
      this.frame = { start, length, scan };
      return true;
    }
  }

  private pass(start: number, length: number): void {
    const buffer = this.joined();
    this.push(Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii'), buffer.subarray(start, start + length)]));
    this.keep(buffer.subarray(start + length));
    this.frame = undefined;
  }

  /** Drops bytes up to the next `Content-Length:` at or after `from` (keeping a partial one at the end). */
  private resync(from: number): void {
    const buffer = this.joined();
    const next = buffer.indexOf(CONTENT_LENGTH, from);
    this.keep(next >= 0 ? buffer.subarray(next) : buffer.subarray(Math.max(from, buffer.length - CONTENT_LENGTH.length + 1)));
  }

  /** The bytes received so far, as one buffer (joined once, then kept joined). */
  private joined(): Buffer {
    if (this.chunks.length !== 1) this.keep(this.chunks.length === 0 ? Buffer.alloc(0) : Buffer.concat(this.chunks, this.size));
    return this.chunks[0];
  }

  private keep(buffer: Buffer): void {
    this.chunks = [buffer];
    this.size = buffer.length;
  }
}

/**
 * Follows a body as its bytes arrive, each byte once: when it is one complete JSON object
 * or array followed (past white space) by a `Content-Length:` header, `end` is where the
 * body really ends. Bytes of multi-byte UTF-8 characters are never quotes, backslashes,
 * brackets or header letters, so bytes can be read one at a time.
 */
class BodyScan {
  /** Offset just past the complete JSON value, once a header is seen to follow it. */
  end: number | undefined;
  private position: number;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Where the JSON value ended, while the header after it is being matched. */
  private valueEnd: number | undefined;
  /** How many bytes of `Content-Length:` matched so far after the value. */
  private matched = 0;
  /** False once the body cannot be a single object or array followed by another header. */
  private live = true;

  constructor(start: number) {
    this.position = start;
  }

  /** Scans `bytes` from `from`: the bytes that follow those already seen. */
  feed(bytes: Buffer, from = 0): void {
    for (let i = from; i < bytes.length && this.live && this.end === undefined; i++, this.position++) {
      if (this.valueEnd === undefined) this.value(bytes[i]);
      else this.trailer(bytes[i]);
    }
  }

  private value(c: number): void {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === 0x5c) this.escaped = true;
      else if (c === 0x22) this.inString = false;
    } else if (c === 0x7b || c === 0x5b) this.depth++;
    else if (this.depth === 0) {
      if (!isSpace(c)) this.live = false; // not an object or array
    } else if (c === 0x22) this.inString = true;
    else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) this.valueEnd = this.position + 1;
  }

  private trailer(c: number): void {
    if (this.matched === 0 && isSpace(c)) return;
    if (c !== CONTENT_LENGTH[this.matched]) {
      this.live = false;
      return;
    }
    if (++this.matched === CONTENT_LENGTH.length) this.end = this.valueEnd;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0d || c === 0x0a || c === 0x09;
}
