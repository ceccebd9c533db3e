import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { github } from '../server/src/cli/formatters/github.js';
import type { Finding } from '../server/src/core/types.js';
import { findings, record, show, standpoint, tempWorkspaces, TODAY, type JsonFinding, type RunResult } from './helpers/cli.js';
import { BUILTIN_RULE_IDS } from './helpers/catalogue.js';
import { REPO } from './helpers/paths.js';
import { oneFileReport } from './helpers/report.js';

// ajv-formats ships CommonJS with a default export; under node16 resolution it arrives wrapped.
type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats;

const SARIF_SCHEMA = path.join(REPO, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const SUMMARY = '✖ 6 problems (4 errors, 2 warnings, 0 info) in 17 decision records, 2 registries, 1 waiver active';
// eslint-disable-next-line no-control-regex -- the escape character that starts an ANSI colour
const ANSI = /\u001b\[/;

const samples = (format: string): RunResult => standpoint(['check', 'samples', '--today', TODAY, '--format', format]);
const sampleFindings = (): JsonFinding[] => findings(samples('json'));

/** A file whose name needs escaping in workflow commands, with an error, a warning and an info finding. */
const MIXED_FILE = 'decisions/odd,name:1.yaml';
const MIXED = record({
  id: 'LP-2026-600',
  promise: 'We aim to ship orders the same day',
  extra: 'colour: blue\nbarriers:\n  - barrier: Fulfilment is outsourced\n',
});

describe('formats: stylish', () => {
  const make = tempWorkspaces();

  it('groups findings by file with line:col, severity, message and rule, then a summary', () => {
    const run = samples('stylish');
    assert.equal(run.code, 1, show(run));
    assert.doesNotMatch(run.stdout, ANSI);
    const expected = sampleFindings();
    const blocks = run.stdout.trimEnd().split('\n\n');
    assert.equal(blocks.at(-1), SUMMARY);
    const files = [...new Set(expected.map((f) => f.file))];
    assert.deepEqual(
      blocks.slice(0, -1).map((b) => b.split('\n')[0]),
      files,
    );
    const rows = blocks.slice(0, -1).flatMap((b) => {
      const [file, ...lines] = b.split('\n');
      return lines.map((l) => {
        const m = /^ {2}(\d+):(\d+) +(error|warning|info) {2}(.+) {2}([a-z0-9-]+)$/.exec(l);
        assert.ok(m, `not a stylish row: ${JSON.stringify(l)}`);
        return { file, line: Number(m[1]), column: Number(m[2]), severity: m[3], message: m[4], rule: m[5] };
      });
    });
    assert.deepEqual(
      rows,
      expected.map((f) => ({ file: f.file, line: f.line, column: f.column, severity: f.severity, message: f.message, rule: f.rule })),
    );
  });

  it('is the default format, and says "no problems" on a clean workspace', () => {
    assert.equal(standpoint(['check', 'samples', '--today', TODAY]).stdout, samples('stylish').stdout);
    const ws = make();
    standpoint(['init'], { cwd: ws });
    const clean = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(clean.code, 0, show(clean));
    assert.equal(clean.stdout, '✔ 1 decision record, 2 registries checked, no problems\n');
  });

  it('counts info findings and does not colour output that is not a terminal', () => {
    const ws = make({ [MIXED_FILE]: MIXED });
    const run = standpoint(['check', '--no-config', '--today', TODAY], { cwd: ws, env: { FORCE_COLOR: '1' } });
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stdout, ANSI);
    assert.match(run.stdout, /^✖ 4 problems \(2 errors, 1 warning, 1 info\) in 1 decision record$/m);
  });
});

describe('formats: github', () => {
  const make = tempWorkspaces();
  const COMMAND = /^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([a-z0-9-]+)::(.+)$/;

  function parse(stdout: string) {
    return stdout
      .trimEnd()
      .split('\n')
      .map((l) => {
        const m = COMMAND.exec(l);
        assert.ok(m, `not a workflow command: ${l}`);
        return { command: m[1], file: m[2], line: +m[3], column: +m[4], endLine: +m[5], endColumn: +m[6], rule: m[7], message: m[8] };
      });
  }
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

  it('prints one exact annotation per finding on the samples', () => {
    const run = samples('github');
    assert.equal(run.code, 1);
    const expected = sampleFindings();
    assert.deepEqual(
      parse(run.stdout),
      expected.map((f) => ({
        command: f.severity === 'error' ? 'error' : 'warning',
        file: f.file,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        rule: f.rule,
        message: escape(f.message),
      })),
    );
    assert.match(run.stdout, /title=touchpoint-cut-needs-reinvestment::Cutting Contact Centre \(-15%25\) without/);
  });

  it('maps info to ::notice and escapes properties', () => {
    const ws = make({ [MIXED_FILE]: MIXED });
    const run = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'github'], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    const rows = parse(run.stdout);
    assert.deepEqual(rows.map((r) => `${r.command} ${r.rule}`).sort(), [
      'error barrier-mitigation-required',
      'error barrier-mitigation-required',
      'notice record-schema',
      'warning promise-hedged',
    ]);
    assert.ok(
      rows.every((r) => r.file === 'decisions/odd%2Cname%3A1.yaml'),
      run.stdout,
    );
  });

  it('escapes %, CR and LF in messages and , : in properties (formatter)', () => {
    const finding: Finding = {
      file: path.join(REPO, 'a,b:c.yaml'),
      rule: 'x-rule',
      severity: 'info',
      message: '100% sure\r\nnext: line, here',
      principle: 'p',
      docsUrl: '',
      span: { start: 0, end: 1 },
      line: 2,
      column: 3,
      endLine: 2,
      endColumn: 4,
    };
    const text = github(oneFileReport([finding], REPO, VERSION));
    assert.equal(text, '::notice file=a%2Cb%3Ac.yaml,line=2,col=3,endLine=2,endColumn=4,title=x-rule::100%25 sure%0D%0Anext: line, here\n');
  });

  it('prints nothing on a clean workspace', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-601' }) });
    const run = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'github'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.equal(run.stdout, '');
  });
});

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A strict little XML reader: balanced tags, quoted attributes, only the five entities. */
function parseXml(xml: string): XmlElement {
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  assert.notEqual(body, xml, 'XML declaration');
  const doc: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [doc];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const entities = (s: string) => {
    assert.doesNotMatch(s, /&(?!(amp|lt|gt|quot|apos);)/, `bare & in ${s}`);
    return s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  };
  for (let pos = 0; pos < body.length;) {
    token.lastIndex = pos;
    const m = token.exec(body);
    assert.ok(m, `malformed XML at: ${body.slice(pos, pos + 60)}`);
    pos = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.text += entities(m[5]);
    } else if (m[1]) {
      assert.equal(m[2], top.name, `</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
        assert.ok(!(a[1] in attrs), `duplicate attribute ${a[1]}`);
        attrs[a[1]] = entities(a[2]);
      }
      const el: XmlElement = { name: m[2], attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  assert.equal(stack.length, 1, `unclosed <${stack[stack.length - 1].name}>`);
  assert.equal(doc.children.length, 1, 'one root element');
  assert.equal(doc.text.trim(), '');
  return doc.children[0];
}

describe('formats: junit', () => {
  const make = tempWorkspaces();

  function checkCounts(root: XmlElement): { tests: number; failures: number } {
    assert.equal(root.name, 'testsuites');
    let tests = 0;
    let failures = 0;
    for (const suite of root.children) {
      assert.equal(suite.name, 'testsuite');
      const cases = suite.children.filter((c) => c.name === 'testcase');
      assert.equal(cases.length, suite.children.length);
      const failed = cases.filter((c) => c.children.some((f) => f.name === 'failure'));
      assert.equal(Number(suite.attrs.tests), cases.length, suite.attrs.name);
      assert.equal(Number(suite.attrs.failures), failed.length, suite.attrs.name);
      assert.ok(cases.every((c) => c.attrs.classname === suite.attrs.name));
      tests += cases.length;
      failures += failed.length;
    }
    assert.equal(Number(root.attrs.tests), tests);
    assert.equal(Number(root.attrs.failures), failures);
    return { tests, failures };
  }

  it('is well-formed, with counts that add up, on the samples', () => {
    const run = samples('junit');
    assert.equal(run.code, 1);
    const root = parseXml(run.stdout);
    assert.deepEqual(checkCounts(root), { tests: 19, failures: 6 });
    const failures = root.children.flatMap((s) => s.children.flatMap((c) => c.children.map((f) => ({ suite: s.attrs.name, failure: f }))));
    assert.deepEqual(
      failures.map(({ suite, failure }) => `${failure.attrs.type} ${suite} ${failure.text.split('\n')[0]}`),
      sampleFindings().map((f) => `${f.severity} ${f.file} ${f.severity} ${f.rule} at ${f.file}:${f.line}:${f.column}`),
    );
    const quoted = failures.find(({ failure }) => failure.attrs.message.includes('"Make the Q4 revenue number'));
    assert.ok(quoted, 'the message attribute carries the decoded quotes');
  });

  it('is well-formed with a passing case per file on a clean workspace', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-610' }), 'decisions/b.yaml': record({ id: 'LP-2026-611' }) });
    const run = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'junit'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    const root = parseXml(run.stdout);
    assert.deepEqual(checkCounts(root), { tests: 2, failures: 0 });
    assert.deepEqual(
      root.children.map((s) => s.attrs.name),
      ['decisions/a.yaml', 'decisions/b.yaml'],
    );
  });
});

describe('formats: markdown', () => {
  const make = tempWorkspaces();

  it('has the heading, the per-principle table, linked findings and the waiver count', () => {
    const run = samples('markdown');
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    assert.match(lines[0], /^## ❌ Standpoint: 4 errors, 2 warnings, 0 info in \d+ decision records, 2 registries$/);
    const expected = sampleFindings();
    const table = lines
      .filter((l) => /^\| [a-z0-9-]+ \| \d+ \| \d+ \| \d+ \|$/.test(l))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    assert.ok(lines.includes('| Principle | Errors | Warnings | Info |'));
    assert.deepEqual(table.map((r) => r[0]).sort(), [...new Set(expected.map((f) => f.principle))].sort());
    for (const [principle, errors, warnings, infos] of table) {
      const mine = expected.filter((f) => f.principle === principle);
      assert.deepEqual(
        [+errors, +warnings, +infos],
        ['error', 'warning', 'info'].map((s) => mine.filter((f) => f.severity === s).length),
        principle,
      );
    }
    for (const f of expected) {
      assert.ok(
        lines.some((l) => l.startsWith('- ') && l.includes(`[\`${f.rule}\`](${f.docsUrl}) \`${f.file}:${f.line}\` — `)),
        `link for ${f.rule}`,
      );
    }
    const bullets = lines.filter((l) => l.startsWith('- '));
    assert.equal(bullets.length, 6);
    assert.ok(bullets.slice(0, 4).every((l) => l.startsWith('- 🔴')) && bullets.slice(4).every((l) => l.startsWith('- 🟡')), 'errors first');
    assert.ok(lines.some((l) => l.startsWith('1 waiver active')));
  });

  it('counts decision records and registries the way stylish does', () => {
    assert.match(samples('markdown').stdout, /^## ❌ Standpoint: 4 errors, 2 warnings, 0 info in 17 decision records, 2 registries$/m);
    assert.match(samples('stylish').stdout, / in 17 decision records, 2 registries, 1 waiver active\n$/);
  });

  it('says so plainly on a clean workspace', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-620' }) });
    const run = standpoint(['check', '--no-config', '--today', TODAY, '--format', 'markdown'], { cwd: ws });
    assert.equal(run.code, 0, show(run));
    assert.equal(run.stdout.split('\n')[0], '## ✅ Standpoint: 0 errors, 0 warnings, 0 info in 1 decision record');
    assert.doesNotMatch(run.stdout, /\| Principle/);
  });
});

describe('formats: sarif', () => {
  const make = tempWorkspaces();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object);

  function sarifOf(run: RunResult): Log {
    const log = JSON.parse(run.stdout) as Log;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    return log;
  }

  it('validates against the official SARIF 2.1.0 schema and describes the tool', () => {
    const log = sarifOf(samples('sarif'));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'Standpoint');
    assert.equal(driver.version, VERSION);
    assert.match(driver.informationUri ?? '', /^https:\/\/\S+$/);
    assert.deepEqual(driver.rules?.map((r) => r.id).sort(), [...BUILTIN_RULE_IDS].sort(), 'driver.rules describes every built-in rule');
  });

  it('gives every result a described rule with help, a level and a 1-based region', () => {
    const log = sarifOf(samples('sarif'));
    const rules = log.runs[0].tool.driver.rules ?? [];
    const results = log.runs[0].results ?? [];
    const expected = sampleFindings();
    assert.equal(results.length, expected.length);
    results.forEach((r, i) => {
      const f = expected[i];
      const rule = rules.find((d) => d.id === r.ruleId);
      assert.ok(rule, `${r.ruleId} is in driver.rules`);
      assert.equal(rules[r.ruleIndex ?? -1]?.id, r.ruleId);
      assert.equal(rule.helpUri, f.docsUrl);
      assert.ok(rule.help?.text && rule.shortDescription?.text);
      assert.equal(r.level, f.severity === 'info' ? 'note' : f.severity);
      const location = r.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uri, f.file);
      assert.deepEqual(
        { l: location?.region?.startLine, c: location?.region?.startColumn, el: location?.region?.endLine, ec: location?.region?.endColumn },
        { l: f.line, c: f.column, el: f.endLine, ec: f.endColumn },
      );
      assert.ok(f.line >= 1 && f.column >= 1);
      assert.equal(r.message.text, f.message);
    });
  });

  it('maps info to note and validates on a clean workspace too', () => {
    const ws = make({ [MIXED_FILE]: MIXED });
    const mixed = sarifOf(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'sarif'], { cwd: ws }));
    assert.deepEqual((mixed.runs[0].results ?? []).map((r) => r.level).sort(), ['error', 'error', 'note', 'warning']);
    assert.equal(mixed.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri, 'decisions/odd,name:1.yaml');
    const cleanWs = make({ 'decisions/a.yaml': record({ id: 'LP-2026-630' }) });
    const clean = sarifOf(standpoint(['check', '--no-config', '--today', TODAY, '--format', 'sarif'], { cwd: cleanWs }));
    assert.deepEqual(clean.runs[0].results, []);
  });

  it('has partialFingerprints, distinct per result and stable across runs', () => {
    const prints = () => (sarifOf(samples('sarif')).runs[0].results ?? []).map((r) => r.partialFingerprints ?? {});
    const first = prints();
    assert.equal(first.length, 6);
    for (const p of first) assert.ok(Object.values(p).length > 0 && Object.values(p).every((v) => typeof v === 'string' && v.length >= 8), JSON.stringify(p));
    assert.equal(new Set(first.map((p) => JSON.stringify(p))).size, 6);
    assert.deepEqual(prints(), first);
  });
});
