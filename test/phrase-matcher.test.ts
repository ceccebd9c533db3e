import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { test as holdsPredicate, type EvalContext, type Predicate } from '../server/src/core/rules/predicates.js';
import { PhraseMatcher, phraseProblem } from '../server/src/core/text/phrases.js';
import { quotedRanges } from '../server/src/core/text/quotes.js';
import { stem } from '../server/src/core/text/stem.js';
import { tokenize } from '../server/src/core/text/tokens.js';
import { findings, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';

/** The documentation every rule file needs. */
const DOCS = 'docs:\n  rationale: Why it matters.\n  triggers: What makes it fire.\n  comply: How to fix it.';

/** The text of each match of `phrases` in `text`. */
function found(phrases: string[], text: string): string[] {
  const tokens = tokenize(text);
  return new PhraseMatcher(phrases).scan(tokens).map((m) => text.slice(tokens[m.from].start, tokens[m.to - 1].end));
}

function holds(predicate: string, data: unknown, options: Record<string, unknown> = {}): boolean {
  const ctx: EvalContext = { root: data, today: TODAY, options, registries: {} };
  return holdsPredicate(parseYaml(predicate) as Predicate, { value: data, path: [] }, ctx);
}

describe('phrase matching: words', () => {
  it('ignores case, punctuation, markup, runs of spaces and line breaks', () => {
    const tokens = tokenize('We **AIM**  to\n   refund, (quickly).');
    assert.deepEqual(
      tokens.map((t) => t.forms[0]),
      ['we', 'aim', 'to', 'refund', 'quickli'],
    );
    assert.deepEqual(
      tokens.map((t) => [t.start, t.end]),
      [
        [0, 2],
        [5, 8],
        [12, 14],
        [18, 24],
        [27, 34],
      ],
    );
  });

  it('reads straight and curly apostrophes alike, and contractions as their words', () => {
    assert.deepEqual(found(["someone else's problem"], 'It is someone else’s problem'), ['someone else’s problem']);
    assert.deepEqual(found(['can not'], "We can't, we cannot, we can not"), ["can't", 'cannot', 'can not']);
    assert.deepEqual(found(['we would like to'], 'We’d like to answer'), ['We’d like to']);
    assert.deepEqual(found(['that is on'], "That's on Legal"), ["That's on"]);
    // A possessive is not "is": the vendor's call is not "the vendor is call".
    assert.deepEqual(found(['vendor is'], "the vendor's call"), []);
    // YAML doubles an apostrophe inside single quotes.
    assert.deepEqual(found(["it's"], "'it''s late'"), ["it''s"]);
  });

  it('marks the words that begin a clause', () => {
    const starts = tokenize('Send a survey, fix the form and remove the pop-up; then report').filter((t) => t.clauseStart);
    assert.deepEqual(
      starts.map((t) => t.forms[0]),
      ['send', 'fix', 'remov', 'then', 'report'],
    );
  });
});

describe('phrase matching: inflections and spellings', () => {
  it('gives every inflection of a word one key', () => {
    for (const family of [
      ['aim', 'aims', 'aiming', 'aimed'],
      ['endeavour', 'endeavor', 'endeavours', 'endeavoured', 'endeavoring'],
      ['try', 'tries', 'trying', 'tried'],
      ['hope', 'hopes', 'hoped', 'hoping'],
      ['strive', 'strives', 'striving'],
      ['cancel', 'cancelled', 'canceled', 'cancelling'],
      ['organise', 'organize', 'organising', 'organized'],
      ['centre', 'center'],
      ['programme', 'program'],
      ['report', 'reports', 'reporting', 'reported'],
    ]) {
      assert.equal(new Set(family.map(stem)).size, 1, `${family.join(', ')} → ${family.map(stem).join(', ')}`);
    }
  });

  it('keeps derived words apart: a hedge list does not catch the plain adjective', () => {
    assert.notEqual(stem('hopefully'), stem('hopeful'));
    assert.notEqual(stem('ideally'), stem('ideal'));
    assert.deepEqual(found(['hopefully'], 'Customers hopeful of an answer'), []);
  });

  it('matches a listed phrase in any inflection and across line breaks', () => {
    assert.deepEqual(found(['aim to'], 'We aim to refund'), ['aim to']);
    assert.deepEqual(found(['aim to'], 'The team aims to refund'), ['aims to']);
    assert.deepEqual(found(['aim to'], 'We are aiming\n    to refund'), ['aiming\n    to']);
    assert.deepEqual(found(['best endeavours'], 'our best endeavors'), ['best endeavors']);
    assert.deepEqual(found(['try to'], 'We tried to, we are trying to'), ['tried to', 'trying to']);
  });

  it('=word matches the word only as written or as its plural', () => {
    assert.deepEqual(found(['=meeting'], 'Meet the target at the weekly meetings'), ['meetings']);
    assert.deepEqual(found(['meeting'], 'Meet the target'), ['Meet']);
    assert.deepEqual(found(['=policy'], 'two policies'), ['policies']);
  });
});

describe('phrase matching: list syntax', () => {
  it('[optional] words and (alternative|words), nested', () => {
    assert.deepEqual(found(['aim [to]'], 'Our aim. We aim to'), ['aim', 'aim to']);
    assert.deepEqual(found(['(our|the) aim is to'], 'Our aim is to ship; the aim is to ship'), ['Our aim is to', 'the aim is to']);
    assert.deepEqual(found(['as far as [is] [reasonably] (possible|practicable)'], 'as far as possible, as far as is reasonably practicable'), [
      'as far as possible',
      'as far as is reasonably practicable',
    ]);
    assert.deepEqual(found(['not [(really|actually)] our (problem|call)'], 'not really our call'), ['not really our call']);
    const abcd = new PhraseMatcher(['(a|b c) [d]'], 'exact');
    for (const text of ['a d', 'a', 'b c d', 'b c']) assert.deepEqual(abcd.scan(tokenize(text, 'exact')), [{ from: 0, to: text.split(' ').length, entry: 0 }], text);
    assert.deepEqual(abcd.scan(tokenize('b d', 'exact')), []);
  });

  it('finds the longest phrase at each place, leftmost first, without overlaps', () => {
    assert.deepEqual(found(['as far as possible', 'as far'], 'as far as possible'), ['as far as possible']);
    assert.deepEqual(found(['not our', 'our problem'], 'not our problem'), ['not our']);
  });

  it('reports an entry it cannot read, with the reason', () => {
    assert.match(phraseProblem('aim [to') ?? '', /"\[" is never closed/);
    assert.match(phraseProblem('aim to)') ?? '', /"\)" at character 7 closes nothing/);
    assert.match(phraseProblem('hope|wish') ?? '', /"\|" at character 5 is outside brackets/);
    assert.match(phraseProblem('[...]') ?? '', /no words to match/);
    assert.match(phraseProblem('(a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b) (a|b)') ?? '', /more than 10000 word sequences/);
    assert.equal(phraseProblem('(our|the) aim is to'), undefined);
  });
});

describe('phrase matching: quotations', () => {
  const quoted = (text: string) => quotedRanges(text).map((r) => text.slice(r.start, r.end));

  it('finds straight and curly, double and single quotations', () => {
    assert.deepEqual(quoted('He said "not our problem" twice'), ['"not our problem"']);
    assert.deepEqual(quoted('“This is not our problem,” said the agent'), ['“This is not our problem,”']);
    assert.deepEqual(quoted("They said 'not our problem' again"), ["'not our problem'"]);
    assert.deepEqual(quoted('They said ‘not our problem’ again'), ['‘not our problem’']);
  });

  it('does not take apostrophes or an unclosed mark for a quotation', () => {
    assert.deepEqual(quoted("the customers' view and the vendor’s call, don't"), []);
    assert.deepEqual(quoted('a stray " mark quotes nothing, so this is not our problem'), []);
  });
});

describe('phrase matching: the phrases operator', () => {
  it('holds when one of the phrases occurs, from a list or an option', () => {
    const data = { promise: 'We are aiming to refund in 3 days' };
    assert.equal(holds('{path: promise, phrases: ["aim [to]"]}', data), true);
    assert.equal(holds('{path: promise, phrases: {$option: hedges}}', data, { hedges: ['aim to'] }), true);
    assert.equal(holds('{path: promise, phrases: [hope]}', data), false);
    assert.equal(holds('{path: promise, phrases: [{$option: hedges}, {$option: extra}]}', data, { hedges: ['hope'], extra: ['aim'] }), true);
  });

  it('voice: organisation leaves quotations and evidence alone', () => {
    const data = { note: 'Customers quote "not our problem"', customer_standpoint: { evidence: [{ summary: 'not our problem' }] } };
    assert.equal(holds('{path: note, phrases: ["not our problem"]}', data), true);
    assert.equal(holds('{path: note, phrases: {list: ["not our problem"], voice: organisation}}', data), false);
    assert.equal(holds('{path: "customer_standpoint.evidence[0].summary", phrases: {list: ["not our problem"], voice: all}}', data), true);
    assert.equal(holds('{path: "customer_standpoint.evidence[0].summary", phrases: {list: ["not our problem"], voice: organisation}}', data), false);
  });

  it('at: clause-start only counts phrases that begin a clause', () => {
    const data = { action: 'Share the survey results and remove the pop-up' };
    assert.equal(holds('{path: action, phrases: {list: [remove], at: clause-start}}', data), true);
    assert.equal(holds('{path: action, phrases: {list: [survey], at: clause-start}}', data), false);
    assert.equal(holds('{path: action, phrases: {list: [survey]}}', data), true);
  });
});

describe('phrase matching: cost', () => {
  const text = 'We are aiming to refund customers within three working days, where possible, and to answer every email the same day. '.repeat(20);
  const tokens = tokenize(text);
  const phrases = (n: number) => Array.from({ length: n }, (_, i) => `word${i} (alpha|beta) [gamma] term${i % 97}`).concat(['aim to', 'where possible']);

  it('does work bounded by the words of the text and the longest phrase, whatever the size of the list', function () {
    this.timeout(60_000);
    const work = (n: number) => {
      const matcher = new PhraseMatcher(phrases(n));
      const counter = { steps: 0 };
      const matches = matcher.scan(tokens, { work: counter });
      return { steps: counter.steps, matches: matches.length, longest: matcher.longest };
    };
    const small = work(10);
    const large = work(50_000);
    assert.equal(small.matches, 40);
    assert.equal(large.matches, 40);
    // Every word is looked up once per form from each of at most `longest` starting places.
    const forms = Math.max(...tokens.map((t) => t.forms.length));
    assert.ok(large.steps <= tokens.length * large.longest * forms, `${large.steps} steps for ${tokens.length} words`);
    assert.equal(large.steps, small.steps, 'the same text costs the same with 50,000 phrases as with 10');
  });

  it('a team rule with 50,000 phrases (in block YAML) loads and checks a record within the time budget of a rule', function () {
    this.timeout(60_000);
    const list = phrases(50_000)
      .map((p) => `      - "${p}"`)
      .join('\n');
    const dir = tempWorkspaces()({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      // Block style throughout: YAML with flow collections is limited to 20,000 entries.
      'rules/big-lexicon/rule.yaml': [
        'id: big-lexicon',
        'severity: warning',
        'principle: keep-your-promises',
        'title: Fifty thousand phrases',
        'message: "{{$match}}"',
        'options:',
        '  schema:',
        '    type: object',
        '  defaults:',
        '    lexicon:',
        list,
        'checks:',
        '  - kind: find',
        '    given: $strings',
        '    phrases:',
        '      $option: lexicon',
        DOCS,
        '',
      ].join('\n'),
      'decisions/a.yaml': [
        'decision: policy-change',
        'id: PC-1',
        'title: Faster refunds',
        'status: proposed',
        'owner: Dana Reyes',
        'customer_impact: direct',
        `customer_impact_rationale: "${text.trim()}"`,
        '',
      ].join('\n'),
    });
    const run = standpoint(['check', 'decisions', '--format', 'json', '--rule', 'big-lexicon:warning', '--concurrency', 'off'], { cwd: dir });
    const own = findings(run).filter((f) => f.rule === 'big-lexicon' || f.rule === 'internal-error');
    assert.equal(own.filter((f) => f.rule === 'internal-error').length, 0, show(run));
    assert.equal(own.length, 40, show(run));
  });
});

describe('phrase matching: find checks point at the words', () => {
  const workspace = tempWorkspaces();
  const rule = (voice: 'organisation' | 'all', phrases = '["not our problem", "aim [to]", "where possible"]', given = '$strings') =>
    [
      'id: team-prose',
      'severity: warning',
      'principle: accountability',
      'title: Prose',
      'message: "found {{$match}}"',
      'checks:',
      '  - kind: find',
      `    given: ${given}`,
      `    phrases: ${phrases}`,
      `    voice: ${voice}`,
      DOCS,
      '',
    ].join('\n');
  const run = (voice: 'organisation' | 'all', files: Record<string, string>, given?: string) => {
    const dir = workspace({ '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n', 'rules/team-prose/rule.yaml': rule(voice, undefined, given), ...files });
    const result = standpoint(['check', 'decisions', '--format', 'json', '--today', TODAY], { cwd: dir });
    return findings(result)
      .filter((f) => f.rule === 'team-prose' || f.rule === 'internal-error')
      .map((f) => `${f.file.split('/').pop()}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`);
  };
  const yaml = [
    'decision: policy-change',
    'id: PC-1',
    'title: Faster refunds',
    'status: proposed',
    'owner: Dana Reyes',
    'customer_impact: direct',
    'customer_standpoint:',
    '  evidence:',
    '    - source: complaints',
    '      summary: Customers were told it was not our problem',
    'promises:',
    '  - promise: "We aim   to refund, where',
    '      possible"',
    '  - promise: Customers quote "not our problem" and ‘we aim to’ back at us',
    'functions:',
    '  - function: Support',
    '    customer_effect: That was not our',
    '      problem, agents said',
    '',
  ].join('\n');
  const markdown = [
    '---',
    'decision: policy-change',
    'id: PC-2',
    'title: Faster refunds',
    'status: proposed',
    'owner: Dana Reyes',
    'customer_impact: direct',
    '---',
    '# Faster refunds',
    '',
    '## Background',
    '',
    'We **aim** to refund <!-- a note --> where',
    'possible.',
    '',
    '> Honestly, not our problem.',
    '',
    '## Promises',
    '',
    '- Refunds *where possible* within 3 days',
    '',
  ].join('\n');

  it('in YAML: the exact words, across spaces and line breaks, inside a quoted scalar', () => {
    assert.deepEqual(run('all', { 'decisions/a.yaml': yaml }), [
      'a.yaml:10:43-10:58 found not our problem',
      'a.yaml:12:18-12:26 found aim to',
      'a.yaml:12:35-13:15 found where possible',
      'a.yaml:14:31-14:46 found not our problem',
      'a.yaml:14:56-14:62 found aim to',
      'a.yaml:17:31-18:14 found not our problem',
    ]);
  });

  it('voice: organisation skips quotations and evidence in YAML', () => {
    assert.deepEqual(run('organisation', { 'decisions/a.yaml': yaml }), [
      'a.yaml:12:18-12:26 found aim to',
      'a.yaml:12:35-13:15 found where possible',
      'a.yaml:17:31-18:14 found not our problem',
    ]);
  });

  it('in Markdown: the words under emphasis and around comments; voice: organisation skips blockquotes', () => {
    const all = run('all', { 'decisions/b.md': markdown });
    assert.deepEqual(all, [
      'b.md:13:6-13:14 found aim to',
      'b.md:13:38-14:9 found where possible',
      'b.md:16:13-16:28 found not our problem',
      'b.md:20:12-20:26 found where possible',
    ]);
    assert.deepEqual(
      run('organisation', { 'decisions/b.md': markdown }),
      all.filter((f) => !f.startsWith('b.md:16:')),
    );
    // `$strings` written with spaces around it is the same path: the free prose is searched too.
    assert.deepEqual(run('all', { 'decisions/b.md': markdown }, '" $strings "'), all);
  });

  it('a phrase list entry that cannot be read is a located error, in a rule or in a config override', () => {
    const dir = workspace({
      '.standpoint.yaml': 'root: true\nrule_dirs: [rules]\n',
      'rules/team-prose/rule.yaml': rule('all', '["aim [to", "ok"]'),
      'decisions/a.yaml': yaml,
    });
    const bad = standpoint(['check', 'decisions'], { cwd: dir });
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /rule\.yaml:9:\d+: .*phrase "aim \[to": "\[" is never closed/);

    const configured = workspace({
      '.standpoint.yaml': 'root: true\nrules:\n  promise-hedged:\n    options:\n      extra_hedges: ["fine", "(we|I"]\n',
      'decisions/a.yaml': yaml,
    });
    const override = standpoint(['check', 'decisions'], { cwd: configured });
    assert.equal(override.code, 2, show(override));
    assert.match(override.stderr, /\.standpoint\.yaml:5:\d+: .*phrase "\(we\|I": "\(" is never closed/);
  });
});
