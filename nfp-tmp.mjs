import fs from 'node:fs'; import path from 'node:path';
import { readDocument } from './out/server/src/core/index.js';
import { allStrings } from './out/server/src/core/rules/paths.js';
import { tokenize } from './out/server/src/core/text/tokens.js';
import { phraseMatcherOf } from './out/server/src/core/text/phrases.js';
import { othersRanges } from './out/server/src/core/rules/voice.js';
import { patternRegex } from './out/server/src/core/rules/values.js';
import { parse } from 'yaml';
const dir = process.argv[2];
const rule = parse(fs.readFileSync('rules/no-finger-pointing/rule.yaml', 'utf8'));
const lex = rule.options?.deflections?.default ?? Object.values(rule.options ?? {})[0]?.default;
const check = rule.checks[0];
const regexes = check.patterns.map((p) => patternRegex(p));
const matcher = phraseMatcherOf([lex ?? []]);
const texts = [];
for (const f of fs.readdirSync(dir)) { const doc = readDocument(path.join(dir, f), fs.readFileSync(path.join(dir, f), 'utf8')); for (const c of allStrings(doc.data)) if (typeof c.value === 'string') texts.push(c.value); for (const p of doc.prose) texts.push(p.text); }
console.log(texts.length, 'texts', texts.reduce((a, t) => a + t.length, 0) / 1e6, 'MB', 'lex', lex?.length);
const cpu = () => process.cpuUsage().user / 1000;
for (let r = 0; r < 3; r++) {
  let t = cpu(); let n = 0;
  for (const text of texts) for (const re of regexes) { re.lastIndex = 0; while (re.exec(text)) n++; }
  const tr = cpu() - t; t = cpu();
  const toks = texts.map((x) => tokenize(x, 'stem'));
  const tt = cpu() - t; t = cpu();
  let m = 0; for (const tk of toks) for (const _ of matcher.scan(tk, {})) m++;
  const tp = cpu() - t; t = cpu();
  for (const text of texts) othersRanges(text, [], 0);
  const to = cpu() - t;
  console.log(`regex ${tr.toFixed(0)} ms (${n}), tokenize ${tt.toFixed(0)} ms, phrase scan ${tp.toFixed(0)} ms (${m}), others ${to.toFixed(0)} ms`);
}
