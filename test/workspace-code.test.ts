import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findings, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY, type Files } from './helpers/cli.js';
import { LspClient } from './helpers/lsp-client.js';

/**
 * The engine never runs code from the repository it checks, and never reads outside it:
 * configuration paths stay inside the workspace root, JavaScript files are never loaded,
 * and an untrusted workspace runs the built-in rules only.
 */

const teamRule = `id: say-no-to-tbd
severity: error
principle: accountability
title: No TBD titles
message: The title is TBD.
checks:
  - kind: assert
    assert: {not: {path: title, matches: '\\btbd\\b'}}
    report: title
docs: {rationale: r, triggers: t, comply: c}
`;

describe('no workspace code: configuration paths stay inside the workspace root', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();

  const cases: Array<[string, string]> = [
    ['extends', 'extends: ../../etc/passwd'],
    ['extends (in a list)', 'extends: [recommended, ../../../../etc/passwd]'],
    ['rule_dirs', 'rule_dirs: [policy/rules, ../../etc]'],
    ['people', 'people: ../../etc/passwd'],
    ['promises', 'promises: ../../etc/passwd'],
    ['people (absolute)', 'people: /etc/passwd'],
    ['promises (absolute)', 'promises: /etc/hostname'],
  ];

  for (const [name, line] of cases) {
    it(`${name}: "${line}" is a configuration error with its location (exit 2)`, () => {
      const config = `root: true\n${line}\n`;
      const ws = make({ '.standpoint.yaml': config, 'decisions/a.yaml': record({ id: 'LP-2026-100' }), 'policy/rules/.keep': '' });
      const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
      assert.equal(out.code, 2, show(out));
      assert.equal(out.stdout, '');
      assert.ok(!hasStackTrace(out.stderr), out.stderr);
      const value = line.includes('[') ? line.slice(line.lastIndexOf(', ') + 2, -1) : line.slice(line.indexOf(': ') + 2);
      const column = line.indexOf(value) + 1;
      assert.match(
        out.stderr,
        new RegExp(`\\.standpoint\\.yaml:2:${column}: "${value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" points outside the workspace root`),
        out.stderr,
      );
    });
  }

  it('refuses a path that leaves the root through a symbolic link inside the workspace', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-outside-'));
    fs.writeFileSync(path.join(outside, 'people.yaml'), 'people:\n  - {id: mallory, name: Mallory}\n');
    fs.mkdirSync(path.join(outside, 'rules'));
    for (const [key, target] of [
      ['people', 'people.yaml'],
      ['rule_dirs', 'rules'],
      ['extends', 'people.yaml'],
    ] as const) {
      const value = key === 'rule_dirs' ? '[linked]' : key === 'extends' ? './linked.yaml' : 'linked.yaml';
      const ws = make({ '.standpoint.yaml': `root: true\n${key}: ${value}\n`, 'decisions/a.yaml': record({ id: 'LP-2026-101' }) });
      fs.symlinkSync(path.join(outside, target), path.join(ws, key === 'rule_dirs' ? 'linked' : key === 'extends' ? 'linked.yaml' : 'linked.yaml'));
      const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
      assert.equal(out.code, 2, `${key}: ${show(out)}`);
      assert.match(out.stderr, /\.standpoint\.yaml:2:\d+: ".*" is a symbolic link to .*, outside the workspace root/, key);
    }
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('accepts the same kinds of paths inside the root', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\nextends: [recommended, ./base.yaml]\nrule_dirs: [policy/rules]\n',
      'base.yaml': 'rules: {single-score-reliance: off}\n',
      'policy/rules/say-no-to-tbd/rule.yaml': teamRule,
      'decisions/a.yaml': record({ id: 'LP-2026-102', title: 'TBD' }),
    });
    const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
    // The team's rule runs beside the built-in ones (placeholder-text reports the same TBD).
    assert.deepEqual(
      findings(out)
        .map((f) => f.rule)
        .sort(),
      ['placeholder-text', 'say-no-to-tbd'],
      show(out),
    );
  });
});

describe('no workspace code: JavaScript in the workspace is never executed', function () {
  this.timeout(90_000);
  const make = tempWorkspaces();
  let marker: string;
  let ws: string;

  before(() => {
    marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-marker-')), 'pwned');
    const evil = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = { id: 'evil', checks: [] };\n`;
    const evilEsm = `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { id: 'evil' };\n`;
    const files: Files = {
      '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
      '.standpoint.js': evil,
      '.standpoint.cjs': evil,
      '.standpoint.mjs': evilEsm,
      'standpoint.config.js': evil,
      'package.json': JSON.stringify({ name: 'victim', type: 'commonjs', scripts: { postinstall: 'node .standpoint.js' }, standpoint: { rule_dirs: ['policy/rules'] } }),
      'policy/rules/evil.js': evil,
      'policy/rules/evil.cjs': evil,
      'policy/rules/evil.mjs': evilEsm,
      'policy/rules/evil-folder/index.js': evil,
      'policy/rules/evil-folder/rule.js': evil,
      'policy/rules/say-no-to-tbd/rule.yaml': teamRule,
      'policy/rules/say-no-to-tbd/index.js': evil,
      'policy/rules/say-no-to-tbd/fixtures/valid/ok.yaml': record({ id: 'LP-2026-200' }),
      'policy/rules/say-no-to-tbd/fixtures/invalid/tbd.yaml': record({ id: 'LP-2026-201', title: 'TBD # expect: say-no-to-tbd' }),
      'decisions/a.yaml': record({ id: 'LP-2026-202', title: 'TBD' }),
      'decisions/evil.decision.js': evil,
      'decisions/tagged.yaml': `decision: launch-plan\nid: LP-2026-203\ntitle: !!js/function "function () { require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran') }"\n`,
      'node_modules/standpoint-plugin-evil/index.js': evil,
    };
    ws = make(files);
  });

  const ran = () => fs.existsSync(marker);

  it('check, rules, explain and test-rules load the YAML rule and run none of the .js, .cjs, .mjs files', () => {
    const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.equal(out.code, 1, show(out));
    const byFile = new Map<string, string[]>();
    for (const f of findings(out)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.rule]);
    assert.ok(byFile.get('decisions/a.yaml')?.includes('say-no-to-tbd'), 'the YAML team rule is loaded');
    assert.ok(!byFile.has('decisions/evil.decision.js'), 'a .js file is not a record');
    assert.ok(!ran(), 'check ran workspace code');
    assert.match(standpoint(['rules'], { cwd: ws }).stdout, /say-no-to-tbd/);
    standpoint(['explain', 'say-no-to-tbd'], { cwd: ws });
    standpoint(['test-rules', 'policy/rules'], { cwd: ws });
    standpoint(['check', 'decisions/evil.decision.js', '--format', 'json'], { cwd: ws });
    assert.ok(!ran(), 'a command ran workspace code');
  });

  it('reads a YAML tag such as !!js/function as data, never as code', () => {
    const out = standpoint(['check', 'decisions/tagged.yaml', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.ok(!hasStackTrace(out.stderr), out.stderr);
    assert.notEqual(out.code, 2, show(out));
    assert.ok(!ran());
  });

  it('refuses a JavaScript file given as configuration, without running it', () => {
    for (const args of [
      ['--config', '.standpoint.js'],
      ['--config', 'standpoint.config.js'],
    ]) {
      const out = standpoint(['check', ...args, '--format', 'json', '--today', TODAY], { cwd: ws });
      assert.equal(out.code, 2, show(out));
      assert.ok(!hasStackTrace(out.stderr), out.stderr);
    }
    const extended = make({
      '.standpoint.yaml': 'root: true\nextends: ./evil.js\n',
      'evil.js': fs.readFileSync(path.join(ws, '.standpoint.js'), 'utf8'),
      'decisions/a.yaml': record({ id: 'LP-2026-204' }),
    });
    const out = standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: extended });
    assert.equal(out.code, 2, show(out));
    assert.match(out.stderr, /evil\.js:\d+:\d+: /);
    assert.ok(!ran(), 'a JavaScript config ran');
  });

  it('the language server opens the workspace and its records without running workspace code', async () => {
    const client = new LspClient();
    try {
      await client.initialize(ws);
      const file = path.join(ws, 'decisions/a.yaml');
      await client.open(file, fs.readFileSync(file, 'utf8'));
      await client.waitFor(file, (d) => d.some((x) => x.code === 'say-no-to-tbd'));
      const js = path.join(ws, 'policy/rules/evil.js');
      await client.open(js, fs.readFileSync(js, 'utf8'));
      await client.watched(js, 2);
      await client.request('textDocument/hover', { textDocument: { uri: `file://${js}` }, position: { line: 0, character: 3 } });
    } finally {
      assert.equal(await client.stop(), 0);
    }
    assert.ok(!ran(), 'the server ran workspace code');
  });
});

describe('no workspace code: an untrusted workspace runs the built-in rules only', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();

  for (const trusted of [false, true]) {
    it(`${trusted ? 'trusted' : 'untrusted'}: the team rule ${trusted ? 'fires' : 'does not fire'}; built-in rules fire either way`, async () => {
      const text = record({ id: 'LP-2026-300', title: 'TBD' }).replace('owner: Dana Reyes', 'owner: everyone');
      const ws = make({
        '.standpoint.yaml': 'root: true\nrule_dirs: [policy/rules]\n',
        'policy/rules/say-no-to-tbd/rule.yaml': teamRule,
        'decisions/a.yaml': text,
      });
      const file = path.join(ws, 'decisions/a.yaml');
      const client = new LspClient();
      try {
        await client.initialize(ws, { trusted });
        await client.open(file, text);
        const diags = await client.waitFor(file, (d) => d.some((x) => x.code === 'no-diffused-ownership'));
        assert.equal(
          diags.some((d) => d.code === 'say-no-to-tbd'),
          trusted,
          JSON.stringify(diags.map((d) => d.code)),
        );
        if (!trusted) {
          // Editing the team rule does not bring it in either.
          const rule = path.join(ws, 'policy/rules/say-no-to-tbd/rule.yaml');
          fs.writeFileSync(rule, teamRule.replace('severity: error', 'severity: warning'));
          await client.watched(rule, 2);
          await client.change(file, `${text}\n`, 2);
          const after = await client.waitFor(file, (_d, v) => v === 2);
          assert.ok(!after.some((d) => d.code === 'say-no-to-tbd'));
          assert.equal(lineOf(text, 'owner: everyone') - 1, after.find((d) => d.code === 'no-diffused-ownership')!.range.start.line);
        }
      } finally {
        assert.equal(await client.stop(), 0);
      }
    });
  }
});
