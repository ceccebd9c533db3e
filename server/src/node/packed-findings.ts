import zlib from 'node:zlib';
import type { AnalysedFinding } from '../core/index.js';

/**
 * A batch's per-document findings, packed by the analysis thread for a one-time run. Such a
 * run reads each document's findings once, after every document is analysed, so until then
 * they are held as deflated JSON: about 280 bytes a record instead of 3.2 KB of objects,
 * which at 100,000 records is most of what the analyses take. Packing costs the threads about
 * 8 µs a record; unpacking and reading back, the main thread about 10 µs.
 */
export function packFindings(lists: readonly AnalysedFinding[][]): Uint8Array {
  return zlib.deflateRawSync(JSON.stringify(lists), { level: 1 });
}

/**
 * The findings of one packed batch, unpacked when the first of its documents is finished and
 * let go document by document: documents are finished in the order their batches arrived, so
 * one batch at a time is unpacked.
 */
export class PackedBatch {
  private bytes: Uint8Array | undefined;
  private lists: Array<AnalysedFinding[] | undefined> | undefined;
  private left: number;

  constructor(bytes: Uint8Array, count: number) {
    this.bytes = bytes;
    this.left = count;
  }

  /** The findings of the batch's `index`th document; each is handed out once. */
  take(index: number): AnalysedFinding[] {
    if (!this.lists) {
      if (!this.bytes) throw new Error('the findings of a packed batch were asked for after they were all handed out');
      this.lists = JSON.parse(zlib.inflateRawSync(this.bytes).toString('utf8')) as AnalysedFinding[][];
      this.bytes = undefined;
    }
    const list = this.lists[index];
    if (!list) throw new Error(`the findings of document ${index} of a packed batch were asked for twice`);
    this.lists[index] = undefined;
    if (--this.left === 0) this.lists = undefined;
    return list;
  }
}
