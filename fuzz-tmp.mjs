import fc from 'fast-check';
import { compare, lastDirectRefusal } from './cmp-tmp.mjs';

const inlineAtom = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('word', 'Customers', 'refund', 'a', 'b1', 'x_y', 'snake_case', 'ünï', '2026-01-01', 'P-12', 'key: value', 'owner: Sam Lee') },
  { weight: 6, arbitrary: fc.constantFrom(' ', ' ', '  ', '   ') },
  { weight: 4, arbitrary: fc.constantFrom('*', '**', '***', '_', '__', '*a*', '_b_', '**c**', '__d__', '*e**', 'f*', '*g_', '_h*') },
  { weight: 3, arbitrary: fc.constantFrom('`', '``', '`code`', '`` a ` b ``', '` x `', '`  `') },
  { weight: 3, arbitrary: fc.constantFrom('[', ']', '[t]', '[t](u)', '[t](<u v>)', '[t](u "ti")', "[t](u 'ti')", '[t](u (ti))', '![i](s)', '![*i*](s "t")', '[a [b](c) d](e)', '[x](y z)', '(', ')', '[t]()', '[t](a(b)c)') },
  { weight: 2, arbitrary: fc.constantFrom('<', '>', '<http://x.y/z>', '<a@b.co>', '<!-- c -->', '<b>', '</b>', '<span class="x">', '<a href=\'y\'>', '< b>', '<!-->', '<!--->') },
  { weight: 2, arbitrary: fc.constantFrom('\\', '\\*', '\\_', '\\`', '\\[', '\\a', '&', 'R&D', '&amp;', '&#35;', '!', '#', '1.', '-', '+', '“', '”', '—', '.', ',', ':', '|') },
);
const inlineLine = fc.array(inlineAtom, { minLength: 1, maxLength: 10 }).map((a) => a.join(''));
const inlineLines = fc.array(inlineLine, { minLength: 1, maxLength: 3 });
const indent = fc.constantFrom('', '', '', ' ', '  ', '   ', ...(process.env.DEEP ? ['    '] : []));
const trail = fc.constantFrom('', '', '', ' ', '  ');

const leaf = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(inlineLines, indent, trail).map(([ls, ind, t]) => ls.map((l, i) => (i === 0 ? '' : ind) + l.replace(/^\s+/, (m) => (i === 0 ? '' : m))).join('\n').replace(/^ +/, '') + t) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), inlineLine, fc.constantFrom('', ' #', ' ##', '#'), trail, fc.constantFrom('', ' ', '  ')).map(([d, l, c, t, ind]) => `${ind}${'#'.repeat(d)} ${l}${c}${t}`) },
  { weight: 1, arbitrary: fc.constantFrom('#', '# ', '##  ##', '###### six') },
  { weight: 2, arbitrary: fc.tuple(inlineLines, fc.constantFrom('===', '---', '=', '-  ', ' ==')).map(([ls, u]) => `${ls.join('\n')}\n${u}`) },
  { weight: 1, arbitrary: fc.constantFrom('***', '---', '_ _ _', '- - -', ' * * *  ', '___') },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('```', '~~~', '````', '``` js', '~~~ yaml title', '```js x y'), fc.array(fc.constantFrom('code', '  indented', '', 'a `b`', '```', '~~~'), { maxLength: 3 }), fc.constantFrom('', ' ', '  ')).map(([f, ls, ind]) => {
      const fence = f.replace(/ .*/, '');
      const body = ls.filter((l) => !l.startsWith(fence[0].repeat(3)));
      return [ind + f, ...body.map((l) => ind + l), ind + fence].join('\n');
    }) },
  { weight: 2, arbitrary: fc.constantFrom('<!-- expect: RULE-ID -->', '<!-- a\nb -->', '  <!-- x -->  ', '<div>\nhello\n</div>', '<details>', '<span>x</span>', '<br/>', '<!-->', '<a href="x">\ntext') },
);

const block = fc.letrec((tie) => ({
  block: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 6, arbitrary: leaf }, { weight: 2, arbitrary: tie('list') }, { weight: 1, arbitrary: tie('quote') }),
  blocks: fc.array(fc.tuple(tie('block'), fc.constantFrom('\n', '\n\n', '\n\n', '\n\n\n')), { minLength: 1, maxLength: 4 }).map((bs) => bs.map(([b, sep], i) => (i < bs.length - 1 ? b + sep : b)).join('')),
  list: fc.tuple(fc.constantFrom('-', '*', '+', '1.', '2)', '10.'), fc.array(fc.tuple(tie('blocks'), fc.constantFrom('\n', '\n\n'), fc.constantFrom(' ', ' ', '  ', '   ', ...(process.env.DEEP ? ['     '] : []))), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '', ' ', '   '), fc.boolean())
    .map(([marker, items, ind, lazy]) => items.map(([content, sep, gap], i) => {
      const pad = ' '.repeat(marker.length + gap.length);
      const lines = content.split('\n');
      const body = lines.map((l, j) => (j === 0 ? `${ind}${marker}${l === '' ? '' : gap}${l}` : l === '' ? '' : lazy && j === lines.length - 1 && !/^[ #>*+\-_=`~<\d]/.test(l) ? l : ind + pad + l)).join('\n');
      return i < items.length - 1 ? body + sep : body;
    }).join('')),
  quote: fc.tuple(tie('blocks'), fc.constantFrom('> ', '>', '>  ', ' > '), fc.boolean()).map(([content, p, lazy]) => content.split('\n').map((l, j, all) => (lazy && j === all.length - 1 && j > 0 && !/^[ #>*+\-_=`~<\d]/.test(l) ? l : l === '' ? p.trimEnd() : p + l)).join('\n')),
})).blocks;

const doc = fc.tuple(block, fc.constantFrom('', '\n', '\n\n'), fc.constantFrom('', '\n')).map(([b, end, start]) => start + b + end);

let direct = 0, total = 0; const reasons = {};
const runs = Number(process.env.RUNS ?? 3000);
try {
  fc.assert(fc.property(doc, (text) => {
    total++;
    const r = compare(text);
    if (r === 'ok') { direct++; return true; }
    if (r === 'fallback') { const k = lastDirectRefusal(); reasons[k] = (reasons[k] ?? 0) + 1; return true; }
    throw new Error(`${JSON.stringify(text)}\n${r.message.slice(0, 2500)}`);
  }), { numRuns: runs, seed: Number(process.env.SEED ?? Date.now() % 100000) });
} finally { console.log({ total, direct }, reasons); }
