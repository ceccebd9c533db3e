import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findings, hasStackTrace, lineOf, record, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';
import { LspClient } from './helpers/lsp-client.js';

/** A file outside every workspace whose key names must never be printed. */
const SECRET = 'aws_secret_access_key_of_mallory: AKIA-not-for-your-eyes\nprivate_key_passphrase: hunter2\n';
const SECRET_WORDS = /aws_secret|AKIA|private_key_passphrase|hunter2|mallory/;

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

const check = (ws: string) => standpoint(['check', '--format', 'json', '--today', TODAY], { cwd: ws });

/**
 * Configuration and registry files are read only when they are regular files inside the
 * workspace: a symbolic link out of it, a named pipe, a folder or a missing people registry is
 * a clear configuration error where it is named (exit 2), never silently skipped, never a
 * hang, and never quotes the target's content.
 */
describe('configuration and registry files: links, pipes and missing files', function () {
  this.timeout(60_000);
  const make = tempWorkspaces();
  let outside: string;
  before(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-outside-'));
    fs.writeFileSync(path.join(outside, 'secrets.yaml'), SECRET);
  });
  after(() => fs.rmSync(outside, { recursive: true, force: true }));

  it('a .standpoint.yaml linked to a file outside its folder is refused before it is read', () => {
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-600' }) });
    fs.symlinkSync(path.join(outside, 'secrets.yaml'), path.join(ws, '.standpoint.yaml'));
    const out = check(ws);
    assert.equal(out.code, 2, show(out));
    assert.equal(out.stdout, '');
    assert.ok(!hasStackTrace(out.stderr), out.stderr);
    assert.match(out.stderr, /\.standpoint\.yaml:1:1: \.standpoint\.yaml is a symbolic link to a file outside its folder, so it is not read/);
    assert.doesNotMatch(out.stderr, SECRET_WORDS);
    // In a subfolder too: discovery goes up from the record.
    const nested = make({ 'team/decisions/a.yaml': record({ id: 'LP-2026-601' }), '.standpoint.yaml': 'root: true\n' });
    fs.symlinkSync(path.join(outside, 'secrets.yaml'), path.join(nested, 'team/.standpoint.yaml'));
    const out2 = standpoint(['check', 'team', '--format', 'json', '--today', TODAY], { cwd: nested });
    assert.equal(out2.code, 2, show(out2));
    assert.match(out2.stderr, /team\/\.standpoint\.yaml:1:1: .* symbolic link to a file outside its folder/);
    assert.doesNotMatch(out2.stderr, SECRET_WORDS);
  });

  it('a .standpoint.yaml linked to a file beside it is read', () => {
    const ws = make({
      'config/standpoint.yaml': 'root: true\nrules: {no-diffused-ownership: off}\n',
      'decisions/a.yaml': record({ id: 'LP-2026-602' }).replace('owner: Dana Reyes', 'owner: everyone'),
    });
    fs.symlinkSync(path.join(ws, 'config/standpoint.yaml'), path.join(ws, '.standpoint.yaml'));
    const out = check(ws);
    assert.ok(out.code === 0 || out.code === 1, show(out));
    assert.ok(!findings(out).some((f) => f.rule === 'no-diffused-ownership'), show(out));
  });

  for (const [key, line] of [
    ['extends', 'extends: ./linked.yaml'],
    ['people', 'people: linked.yaml'],
    ['promises', 'promises: linked.yaml'],
  ] as const) {
    it(`${key} linked to a file outside the workspace is refused at its line, without quoting the file`, () => {
      const config = `root: true\n${line}\n`;
      const ws = make({ '.standpoint.yaml': config, 'decisions/a.yaml': record({ id: 'LP-2026-603' }) });
      fs.symlinkSync(path.join(outside, 'secrets.yaml'), path.join(ws, 'linked.yaml'));
      const out = check(ws);
      assert.equal(out.code, 2, show(out));
      assert.match(out.stderr, new RegExp(`\\.standpoint\\.yaml:2:${line.indexOf(': ') + 3}: ".*linked\\.yaml" is a symbolic link to .*, outside the workspace root`));
      assert.doesNotMatch(out.stderr, SECRET_WORDS);
    });
  }

  it('a .standpoint.yaml that is a named pipe is an error, not skipped, and never a hang', function () {
    if (process.platform === 'win32') this.skip();
    const ws = make({ 'decisions/a.yaml': record({ id: 'LP-2026-610' }) });
    mkfifo(path.join(ws, '.standpoint.yaml'));
    const started = Date.now();
    const out = check(ws);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    assert.equal(out.code, 2, show(out));
    assert.match(out.stderr, /\.standpoint\.yaml:1:1: \.standpoint\.yaml is a named pipe, not a configuration file: remove it or replace it with a file/);
    // So is one named with --config, and a folder where a config is looked for.
    const explicit = standpoint(['check', '--config', '.standpoint.yaml', '--format', 'json', '--today', TODAY], { cwd: ws });
    assert.equal(explicit.code, 2, show(explicit));
    assert.match(explicit.stderr, /\.standpoint\.yaml is a named pipe, not a configuration file/);
    const folder = make({ 'decisions/a.yaml': record({ id: 'LP-2026-611' }), '.standpoint.yaml/x': '' });
    assert.match(check(folder).stderr, /\.standpoint\.yaml is a folder, not a configuration file/);
    // And a pipe named by extends, at its line.
    const extending = make({ '.standpoint.yaml': 'root: true\nextends: ./pipe.yaml\n', 'decisions/a.yaml': record({ id: 'LP-2026-612' }) });
    mkfifo(path.join(extending, 'pipe.yaml'));
    const out3 = check(extending);
    assert.equal(out3.code, 2, show(out3));
    assert.match(out3.stderr, /\.standpoint\.yaml:2:10: extends "\.\/pipe\.yaml": is a named pipe, not a configuration file/);
  });

  for (const key of ['people', 'promises'] as const) {
    it(`a ${key} registry that is a named pipe is an error at the config's ${key} line, never a hang`, function () {
      if (process.platform === 'win32') this.skip();
      const config = `root: true\n${key}: registry.yaml\n`;
      const ws = make({ '.standpoint.yaml': config, 'decisions/a.yaml': record({ id: 'LP-2026-620' }) });
      mkfifo(path.join(ws, 'registry.yaml'));
      const started = Date.now();
      const out = check(ws);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      assert.equal(out.code, 2, show(out));
      assert.match(
        out.stderr,
        new RegExp(
          `\\.standpoint\\.yaml:2:${key.length + 3}: ${key} "registry\\.yaml": is a named pipe, not a file; the (people registry|promise register) must be a YAML file`,
        ),
      );
    });
  }

  it('a missing people registry is one error at the people line, not an error on every owner', () => {
    const config = 'root: true\npeople: people.yaml\n';
    const records: Record<string, string> = { '.standpoint.yaml': config };
    for (let i = 0; i < 30; i++) records[`decisions/r${i}.yaml`] = record({ id: `LP-2026-${630 + i}` });
    const ws = make(records);
    const out = check(ws);
    assert.equal(out.code, 2, show(out));
    assert.equal(out.stdout, '');
    assert.equal(
      out.stderr
        .trim()
        .split('\n')
        .filter((l) => l.includes('people')).length,
      1,
      out.stderr,
    );
    assert.match(
      out.stderr,
      new RegExp(`\\.standpoint\\.yaml:${lineOf(config, 'people:')}:9: people "people\\.yaml": no such file; create the people registry or remove the people setting`),
    );
  });

  it('a missing promise register leaves every reference to it reported (exit 1)', () => {
    const ws = make({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'decisions/a.yaml': record({ id: 'LP-2026-640', ref: 'P-1' }),
      'decisions/b.yaml': record({ id: 'LP-2026-641', ref: 'P-2' }),
    });
    const out = check(ws);
    assert.equal(out.code, 1, show(out));
    assert.deepEqual(
      findings(out)
        .filter((f) => f.rule === 'promise-ref-resolves')
        .map((f) => f.file),
      ['decisions/a.yaml', 'decisions/b.yaml'],
    );
  });

  it('the language server shows a deleted people registry on the people line, and recovers when it is back', async () => {
    const config = 'root: true\npeople: people.yaml\n';
    const people = 'people:\n  - {id: dana, name: Dana Reyes, function: Product, roles: [product-manager]}\n';
    const ws = make({ '.standpoint.yaml': config, 'people.yaml': people, 'decisions/a.yaml': record({ id: 'LP-2026-650' }) });
    const client = new LspClient();
    try {
      await client.initialize(ws);
      const file = path.join(ws, 'decisions/a.yaml');
      await client.open(file, fs.readFileSync(file, 'utf8'));
      await client.waitFor(file, (_d, v) => v === 1);
      fs.rmSync(path.join(ws, 'people.yaml'));
      await client.watched(path.join(ws, 'people.yaml'), 3);
      const broken = await client.waitFor(path.join(ws, '.standpoint.yaml'), (d) => d.length > 0);
      assert.deepEqual(
        broken.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`),
        ['config@2:9 people "people.yaml": no such file; create the people registry or remove the people setting'],
      );
      // While the configuration is broken the record shows nothing; with the registry back, its owners are looked up again.
      await client.waitFor(file, (d) => d.length === 0);
      fs.writeFileSync(path.join(ws, 'people.yaml'), people);
      await client.watched(path.join(ws, 'people.yaml'), 1);
      await client.waitFor(path.join(ws, '.standpoint.yaml'), (d) => d.length === 0);
      await client.waitFor(file, (d) => d.some((x) => x.code === 'no-diffused-ownership' && x.message.startsWith('Owner "Sam Lee" is not in the people registry')));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
