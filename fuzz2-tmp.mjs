import fc from 'fast-check';
import { compare, lastDirectRefusal } from './cmp-tmp.mjs';
import { markdownBody } from './out/test/helpers/markdown-text.js';
let direct = 0, total = 0; const reasons = {};
try {
  fc.assert(fc.property(markdownBody(!!process.env.DEEP), (text) => {
    total++;
    const r = compare(text);
    if (r === 'ok') { direct++; return true; }
    if (r === 'fallback') { const k = lastDirectRefusal(); reasons[k] = (reasons[k] ?? 0) + 1; return true; }
    throw new Error(`${JSON.stringify(text)}\n${r.message.slice(0, 1500)}`);
  }), { numRuns: Number(process.env.RUNS ?? 3000), seed: Number(process.env.SEED ?? 1) });
} finally { console.log({ total, direct }, JSON.stringify(reasons)); }
