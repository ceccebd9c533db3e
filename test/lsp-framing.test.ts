import assert from 'node:assert/strict';
import { LspFraming } from '../server/src/lsp/framing.js';

/** Feeds `input` through the framing in chunks of `size` bytes and returns the frames it passes on. */
function frame(input: Buffer, size: number): Buffer {
  const framing = new LspFraming();
  const out: Buffer[] = [];
  framing.on('data', (b: Buffer) => out.push(b));
  for (let at = 0; at < input.length; at += size) framing.write(input.subarray(at, at + size));
  framing.end();
  return Buffer.concat(out);
}

const message = (body: string, declared = Buffer.byteLength(body)) => Buffer.from(`Content-Length: ${declared}\r\n\r\n${body}`);
const didOpen = (text: string) =>
  JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///r.md', languageId: 'markdown', version: 1, text } } });

// The framing reads each byte a bounded number of times, however the body is cut into chunks:
// these inputs took tens of seconds (or never finished) when every chunk re-joined and re-parsed the body.
describe('language server framing: linear in the size of the input', function () {
  this.timeout(20_000);

  it('a 600 KB record repeating "Content-Length: 12" passes through unchanged, in 1 KB chunks', () => {
    const body = didOpen(`---\ndecision: org-change\n---\n${'Content-Length: 12\n'.repeat(32_000)}`);
    const input = message(body);
    assert.ok(input.length > 600_000);
    assert.deepEqual(frame(input, 1024), input);
  });

  it('a 40 MB message passes through unchanged, in 64 KB chunks', () => {
    const input = message(didOpen('x'.repeat(40 * 1024 * 1024)));
    assert.equal(frame(input, 64 * 1024).length, input.length);
  });

  it('a length declared too long ends at the complete JSON when the next header follows, even with headers quoted inside', () => {
    const first = didOpen('Content-Length: 12\r\n\r\n{"quoted":"inside"}');
    const second = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
    const out = frame(Buffer.concat([message(first, Buffer.byteLength(first) + 400), message(second)]), 7).toString('utf8');
    assert.equal(out, `${message(first).toString('utf8')}${message(second).toString('utf8')}`);
  });

  it('a body that is not JSON waits for its declared length instead of being cut short', () => {
    const body = 'not json Content-Length: 3\r\n\r\n{}';
    const input = message(body);
    assert.equal(frame(input, 5).toString('utf8'), input.toString('utf8'));
  });
});
