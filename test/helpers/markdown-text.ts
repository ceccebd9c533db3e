import fc from 'fast-check';

/**
 * Generated Markdown bodies for comparing Markdown readers: headings (ATX and setext),
 * paragraphs with lazy and indented continuation lines, fences, HTML blocks and comments,
 * thematic breaks, and lists and block quotes nested in each other with blank lines between
 * and inside; their text mixes words with every inline construct and near miss (emphasis
 * runs, code spans, links, images, autolinks, inline HTML, escapes, character references,
 * trailing spaces). `deep` adds indentation of four and more, which makes indented code.
 */
export function markdownBody(deep = false): fc.Arbitrary<string> {
  const inlineAtom = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('word', 'Customers', 'refund', 'a', 'b1', 'x_y', 'snake_case', 'ünï', '2026-01-01', 'P-12', 'key: value', 'owner: Sam Lee') },
    { weight: 6, arbitrary: fc.constantFrom(' ', ' ', '  ', '   ') },
    { weight: 4, arbitrary: fc.constantFrom('*', '**', '***', '_', '__', '*a*', '_b_', '**c**', '__d__', '*e**', 'f*', '*g_', '_h*') },
    { weight: 3, arbitrary: fc.constantFrom('`', '``', '`code`', '`` a ` b ``', '` x `', '`  `') },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '[',
        ']',
        '[t]',
        '[t](u)',
        '[t](<u v>)',
        '[t](u "ti")',
        "[t](u 'ti')",
        '[t](u (ti))',
        '![i](s)',
        '![*i*](s "t")',
        '[a [b](c) d](e)',
        '[x](y z)',
        '(',
        ')',
        '[t]()',
        '[t](a(b)c)',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '<',
        '>',
        '<http://x.y/z>',
        '<a@b.co>',
        '<!-- c -->',
        '<b>',
        '</b>',
        '<span class="x">',
        "<a href='y'>",
        '<a href=x/y>',
        '<img src=a />',
        '< b>',
        '<!-->',
        '<!--->',
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('\\', '\\*', '\\_', '\\`', '\\[', '\\a', '&', 'R&D', '&amp;', '&#35;', '!', '#', '1.', '-', '+', '“', '”', '—', '.', ',', ':', '|'),
    },
  );
  const inlineLine = fc.array(inlineAtom, { minLength: 1, maxLength: 10 }).map((a) => a.join(''));
  const inlineLines = fc.array(inlineLine, { minLength: 1, maxLength: 3 });
  const indent = fc.constantFrom('', '', '', ' ', '  ', '   ', ...(deep ? ['    '] : []));
  const trail = fc.constantFrom('', '', '', ' ', '  ');
  const leaf = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.tuple(inlineLines, indent, trail).map(([lines, ind, t]) => lines.map((l, i) => (i === 0 ? l.trimStart() : ind + l)).join('\n') + t),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: 1, max: 7 }), inlineLine, fc.constantFrom('', ' #', ' ##', '#'), trail, fc.constantFrom('', ' ', '  '))
        .map(([depth, l, closing, t, ind]) => `${ind}${'#'.repeat(depth)} ${l}${closing}${t}`),
    },
    { weight: 1, arbitrary: fc.constantFrom('#', '# ', '##  ##', '###### six') },
    { weight: 2, arbitrary: fc.tuple(inlineLines, fc.constantFrom('===', '---', '=', '-  ', ' ==')).map(([lines, u]) => `${lines.join('\n')}\n${u}`) },
    { weight: 1, arbitrary: fc.constantFrom('***', '---', '_ _ _', '- - -', ' * * *  ', '___') },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('```', '~~~', '````', '``` js', '~~~ yaml title', '```js x y'),
          fc.array(fc.constantFrom('code', '  indented', '', 'a `b`', '```', '~~~'), { maxLength: 3 }),
          fc.constantFrom('', ' ', '  '),
        )
        .map(([open, lines, ind]) => {
          const fence = open.replace(/ .*/, '');
          const body = lines.filter((l) => !l.startsWith(fence[0].repeat(3)));
          return [ind + open, ...body.map((l) => ind + l), ind + fence].join('\n');
        }),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '<!-- expect: RULE-ID -->',
        '<!-- a\nb -->',
        '  <!-- x -->  ',
        '<div>\nhello\n</div>',
        '<details>',
        '<span>x</span>',
        '<br/>',
        '<!-->',
        '<a href="x">\ntext',
      ),
    },
  );
  const special = /^[ #>*+\-_=`~<\d]/;
  const { blocks } = fc.letrec<{ block: string; blocks: string; list: string; quote: string }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: leaf },
      { weight: 2, arbitrary: tie('list') },
      { weight: 1, arbitrary: tie('quote') },
    ),
    blocks: fc
      .array(fc.tuple(tie('block'), fc.constantFrom('\n', '\n\n', '\n\n', '\n\n\n')), { minLength: 1, maxLength: 4 })
      .map((bs) => bs.map(([b, sep], i) => (i < bs.length - 1 ? b + sep : b)).join('')),
    list: fc
      .tuple(
        fc.constantFrom('-', '*', '+', '1.', '2)', '10.'),
        fc.array(fc.tuple(tie('blocks'), fc.constantFrom('\n', '\n\n'), fc.constantFrom(' ', ' ', '  ', '   ', ...(deep ? ['     '] : []))), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom('', '', ' ', '   '),
        fc.boolean(),
      )
      .map(([marker, items, ind, lazy]) =>
        items
          .map(([content, sep, gap], i) => {
            const pad = ' '.repeat(marker.length + gap.length);
            const lines = content.split('\n');
            const body = lines
              .map((l, j) => {
                if (j === 0) return `${ind}${marker}${l === '' ? '' : gap}${l}`;
                if (l === '') return '';
                // A lazy last line: the continuation of a paragraph without the item's indentation.
                return lazy && j === lines.length - 1 && !special.test(l) ? l : ind + pad + l;
              })
              .join('\n');
            return i < items.length - 1 ? body + sep : body;
          })
          .join(''),
      ),
    quote: fc.tuple(tie('blocks'), fc.constantFrom('> ', '>', '>  ', ' > '), fc.boolean()).map(([content, prefix, lazy]) =>
      content
        .split('\n')
        .map((l, j, all) => (lazy && j === all.length - 1 && j > 0 && !special.test(l) ? l : l === '' ? prefix.trimEnd() : prefix + l))
        .join('\n'),
    ),
  }));
  return fc.tuple(blocks, fc.constantFrom('', '\n', '\n\n'), fc.constantFrom('', '\n')).map(([b, end, start]) => start + b + end);
}

/**
 * One paragraph dense with inline constructs and near misses (delimiter runs, brackets,
 * backticks, tags, escapes) over several lines, alone or in a quote, a list item or a
 * heading; its line breaks may carry quote markers or indentation of their own.
 */
export const denseParagraph: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '> ', '- ', '1. ', '> - ', '# '),
    fc.array(
      fc.constantFrom(
        'a',
        'b c',
        ' ',
        '  ',
        '*',
        '**',
        '_',
        '__',
        '`',
        '``',
        '[',
        ']',
        '(',
        ')',
        '![',
        '<',
        '>',
        '\\',
        '!',
        '"',
        "'",
        ':',
        '.',
        'x_y',
        '*a*',
        '[t](u)',
        '<b>',
        '</b>',
        '<!-- c -->',
        '<http://a.b>',
        '\n',
        '\n  ',
        '\n> ',
        'é',
        '“',
        '—',
        '1.',
        '-',
        '#',
      ),
      { minLength: 1, maxLength: 25 },
    ),
  )
  .map(([container, atoms]) => {
    const text = atoms.join('').replace(/^[\s>]+/, 'w');
    return container + text.split('\n').join(`\n${container.startsWith('>') ? '> ' : container ? '  ' : ''}`);
  });
