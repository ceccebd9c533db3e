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
 */
export class LspFraming extends Transform {
  private buffer: Buffer = Buffer.alloc(0);

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf(HEADER_END);
      if (headerEnd < 0) {
        if (this.buffer.length <= MAX_HEADER) break; // wait for the rest of the header
        this.resync(1); // a header that never ends
        continue;
      }
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /^(?:[^\r\n]*\r\n)*?content-length:[ \t]*(\d{1,12})[ \t]*(?:\r\n|$)/i.exec(header);
      const length = match ? Number(match[1]) : -1;
      if (headerEnd > MAX_HEADER || length < 0 || length > MAX_MESSAGE || !/^[\x20-\x7e\r\n\t]*$/.test(header)) {
        this.resync(1);
        continue;
      }
      const start = headerEnd + HEADER_END.length;
      if (this.buffer.length < start + length) {
        // A length longer than the body would swallow the messages after it: when a complete
        // JSON body is followed by the next header, that is where the message really ends.
        const end = this.shortBodyEnd(start);
        if (end < 0) break;
        this.pass(start, end - start);
        continue;
      }
      this.pass(start, length);
    }
    callback();
  }

  private pass(start: number, length: number): void {
    this.push(Buffer.concat([Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'ascii'), this.buffer.subarray(start, start + length)]));
    this.buffer = this.buffer.subarray(start + length);
  }

  /**
   * Where a body declared too long really ends: the offset of a following
   * `Content-Length:` header when the bytes before it are complete JSON (raw text cannot
   * sit outside a string in JSON, so a valid body never runs into a header), else -1.
   */
  private shortBodyEnd(start: number): number {
    for (let at = this.buffer.indexOf(CONTENT_LENGTH, start); at > start; at = this.buffer.indexOf(CONTENT_LENGTH, at + 1)) {
      try {
        JSON.parse(this.buffer.subarray(start, at).toString('utf8'));
        return at;
      } catch {
        // not a complete body yet: look further
      }
    }
    return -1;
  }

  /** Drops bytes up to the next `Content-Length:` at or after `from` (keeping a partial one at the end). */
  private resync(from: number): void {
    const next = this.buffer.indexOf(CONTENT_LENGTH, from);
    if (next >= 0) this.buffer = this.buffer.subarray(next);
    else this.buffer = this.buffer.subarray(Math.max(from, this.buffer.length - CONTENT_LENGTH.length + 1));
  }
}
