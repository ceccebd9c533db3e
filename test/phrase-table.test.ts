import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileRules, loadRules, SchemaRegistry } from '../server/src/core/index.js';
import { loadCompiledRules } from '../server/src/core/rules/compiled.js';
import { PHRASE_TABLE_FORMAT, PhraseMatcher, phraseTable, usePhraseTable, type PhraseTable } from '../server/src/core/text/phrases.js';
import { tokenize } from '../server/src/core/text/tokens.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { builtinPaths } from '../server/src/node/package-paths.js';

/** The documentation every rule file needs. */
const DOCS = 'docs:\n  rationale: Why it matters.\n  triggers: What makes it fire.\n  comply: How to fix it.';

/** The text of each match of `phrases` in `text`. */
function found(phrases: string[], text: string): string[] {
  const tokens = tokenize(text);
  return new PhraseMatcher(phrases).scan(tokens).map((m) => text.slice(tokens[m.from].start, tokens[m.to - 1].end));
}

/** A table whose one matcher is made from `made` but stands for `phrases`: a matcher made from it shows it was used. */
function swapped(phrases: string[], made: string[], format = PHRASE_TABLE_FORMAT): PhraseTable {
  const [matcher] = phraseTable([[made]]).matchers;
  return { format, matchers: [{ ...matcher, phrases }] };
}

const made: string[] = [];
after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A rule folder with one rule whose `find` check matches the phrases of its `words` option. */
function ruleDir(words: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-phrase-table-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, 'table-rule'));
  fs.writeFileSync(
    path.join(dir, 'table-rule', 'rule.yaml'),
    [
      'id: table-rule',
      'severity: warning',
      'principle: keep-your-promises',
      'title: Phrases from a table',
      'message: "{{$match}}"',
      'options:',
      '  schema:',
      '    type: object',
      '  defaults:',
      `    words: ${JSON.stringify(words)}`,
      'checks:',
      '  - kind: find',
      '    given: $strings',
      '    phrases: [{$option: words}]',
      DOCS,
      '',
    ].join('\n'),
  );
  return dir;
}

describe('phrase matching: matchers made ahead of time', () => {
  const host = new NodeHost();
  const { builtinRulesDir, schemasDir, compiledRulesFile } = builtinPaths();

  it('a matcher made from the table matches exactly as one made from the entries', () => {
    const lists = [['not (our|my|my team’s) (problem|call)', '(we|I) (can|could) not [really] (control|change)', '=report [on]', "can't be helped"]];
    const table = phraseTable([lists]);
    assert.equal(table.matchers.length, 1);
    const [ready] = table.matchers;
    assert.deepEqual(ready.phrases, lists[0]);
    const text = "It's not my team's problem. We could not really change it; the reports on it can't be helped, and not our call.";
    const tokens = tokenize(text);
    const fresh = new PhraseMatcher(lists[0]).scan(tokens);
    usePhraseTable(swapped(lists[0], lists[0]));
    assert.deepEqual(new PhraseMatcher(lists[0]).scan(tokens), fresh);
    assert.deepEqual(
      fresh.map((m) => m.entry),
      [0, 1, 2, 3, 0],
    );
  });

  it('is used only for exactly the entries it was made from, in their form, and only in its format', () => {
    usePhraseTable(swapped(['qzt alpha'], ['qzt beta']));
    // The table serves the list it names (so a matcher of 'qzt alpha' finds 'qzt beta').
    assert.deepEqual(found(['qzt alpha'], 'qzt alpha, qzt beta'), ['qzt beta']);
    // Another list, even one that only adds an entry or reorders, is read from its entries.
    assert.deepEqual(found(['qzt alpha', 'qzt gamma'], 'qzt alpha, qzt beta'), ['qzt alpha']);
    assert.deepEqual(found(['qzt gamma', 'qzt alpha'], 'qzt alpha, qzt beta'), ['qzt alpha']);
    // Another form.
    const exact = tokenize('qzt alpha, qzt beta', 'exact');
    assert.deepEqual(
      new PhraseMatcher(['qzt alpha'], 'exact').scan(exact).map((m) => m.from),
      [0],
    );
    // A table of another format is not used at all.
    usePhraseTable(swapped(['qzu alpha'], ['qzu beta'], PHRASE_TABLE_FORMAT + 1));
    assert.deepEqual(found(['qzu alpha'], 'qzu alpha, qzu beta'), ['qzu alpha']);
  });

  it('the compiled rules carry it, and it is not used once a rule file no longer matches them', () => {
    const dir = ruleDir(['qzv alpha']);
    const rules = loadRules(host, new SchemaRegistry(host, schemasDir), { dir, builtin: true, docsUrl: () => '' });
    const compiled = JSON.parse(compileRules(host, rules, dir)) as { phrases: PhraseTable };
    assert.deepEqual(
      compiled.phrases.matchers.map((m) => m.phrases),
      [['qzv alpha']],
    );
    // Swapped, so that using it shows.
    compiled.phrases = swapped(['qzv alpha'], ['qzv beta']);
    const file = path.join(dir, 'compiled.json');
    fs.writeFileSync(file, JSON.stringify(compiled));
    const rulePath = path.join(dir, 'table-rule', 'rule.yaml');
    const original = fs.readFileSync(rulePath, 'utf8');
    // A rule file edited after the build: the compiled set, its table with it, is refused.
    fs.writeFileSync(rulePath, original.replace('qzv alpha', 'qzv alpha", "qzv gamma'));
    assert.equal(
      loadCompiledRules(host, file, dir, () => ''),
      undefined,
    );
    assert.deepEqual(found(['qzv alpha'], 'qzv alpha, qzv beta'), ['qzv alpha']);
    // As built: the table is used.
    fs.writeFileSync(rulePath, original);
    assert.equal(loadCompiledRules(host, file, dir, () => '')?.length, 1);
    assert.deepEqual(found(['qzv alpha'], 'qzv alpha, qzv beta'), ['qzv beta']);
  });

  it('the built artefact holds what this code makes of the built-in phrase lists', function () {
    if (!fs.existsSync(compiledRulesFile)) this.skip();
    const shipped = (JSON.parse(fs.readFileSync(compiledRulesFile, 'utf8')) as { phrases: PhraseTable }).phrases;
    const rules = loadRules(host, new SchemaRegistry(host, schemasDir), { dir: builtinRulesDir, builtin: true, docsUrl: () => '' });
    const made = (JSON.parse(compileRules(host, rules, builtinRulesDir)) as { phrases: PhraseTable }).phrases;
    assert.ok(made.matchers.length >= 4, 'the deflections, hedges and report-only lists at least');
    assert.deepEqual(shipped, made, 'dist/builtin-rules.json is stale: run npm run build');
  });
});
