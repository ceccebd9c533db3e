import fc from 'fast-check';
import { tokenize, WORD } from './out/server/src/core/text/tokens.js';
const ref = (text) => { const out = []; WORD.lastIndex = 0; for (let m = WORD.exec(text); m; m = WORD.exec(text)) out.push([m.index, m.index + m[0].length]); return out; };
const got = (text) => { const out = []; let prev; for (const t of tokenize(text, 'exact')) { const k = t.start + ',' + t.end; if (k !== prev) out.push([t.start, t.end]); prev = k; } return out; };
const chars = fc.constantFrom('a','Z','9',' ','\'','’','‘','ʼ','-','.','é','ß','漢','٣','𝐀','😀','\n','_','ǅ','\u0301','Ⅻ','²', '\ud835', '\udc00');
fc.assert(fc.property(fc.array(chars, {maxLength: 30}).map(a => a.join('')), (t) => { const a = JSON.stringify(ref(t)), b = JSON.stringify(got(t)); if (a !== b) throw new Error(JSON.stringify(t) + ' ' + a + ' ' + b); }), { numRuns: 50000 });
console.log('tokenize agrees');
