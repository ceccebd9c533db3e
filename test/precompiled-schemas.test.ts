import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseDocument } from '../server/src/core/parse/document.js';
import { PrecompiledSchemas } from '../server/src/core/schema/precompiled.js';
import { SchemaRegistry } from '../server/src/core/schema/validator.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { builtinPaths } from '../server/src/node/package-paths.js';
import { tempWorkspaces } from './helpers/cli.js';
import { RULES_DIR, SAMPLES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

const host = new NodeHost();
const { compiledSchemasDir } = builtinPaths();
const schemaNames = fs
  .readdirSync(SCHEMAS_DIR)
  .filter((n) => n.endsWith('.schema.json'))
  .sort();

function filesUnder(dir: string, test: (file: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile() && test(f));
}

type Data = Record<string, unknown>;

/** A valid-ish document and variants that break it the ways people do: a typo, a wrong type, a missing field. */
function withVariants(data: Data, typoOf: string, wrongType: string, required: string): Data[] {
  const typo = Object.fromEntries(Object.entries(data).map(([k, v]) => [k === typoOf ? `${k.slice(0, -1)}${k.slice(-1).repeat(2)}` : k, v]));
  const { [required]: _dropped, ...missing } = data;
  return [data, typo, { ...data, [wrongType]: 42 }, missing, { ...data, [wrongType]: ['a', { b: null }] }];
}

/** Inputs for each schema, from the repository's own records, rules and registries, plus broken variants. */
function examples(): Map<string, unknown[]> {
  const byName = new Map<string, unknown[]>(schemaNames.map((n) => [n, []]));
  const records = [...filesUnder(RULES_DIR, (f) => /fixtures/.test(f)), ...filesUnder(SAMPLES_DIR, () => true)].filter(
    (f) => /\.(ya?ml|md)$/.test(f) && !/(people|promises|\.standpoint)\.ya?ml$/.test(f),
  );
  for (const file of records) {
    const data = parseDocument(file, fs.readFileSync(file, 'utf8')).data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) continue;
    const kind = (data as Data).decision;
    const variants = withVariants(data as Data, 'title', 'status', 'id');
    for (const name of ['record.schema.json', 'record.common.schema.json', `record.${String(kind)}.schema.json`]) byName.get(name)?.push(...variants);
  }
  for (const file of filesUnder(RULES_DIR, (f) => f.endsWith('rule.yaml'))) {
    byName.get('rule.schema.json')!.push(...withVariants(parseYaml(fs.readFileSync(file, 'utf8')) as Data, 'severity', 'checks', 'message'));
  }
  const configs: Data[] = [
    { root: true, extends: ['recommended'], files: ['decisions/**/*.yaml'] },
    {
      root: true,
      rules: { 'advocate-required': { severity: 'error', escalate: { on: '2027-01-01', to: 'error' } } },
      overrides: [{ files: ['a/**'], rules: { 'evidence-stale': 'off' } }],
    },
    { rules: { 'evidence-stale': 'loud' } },
    { rules: { 'evidence-stale': { severty: 'warning' } } },
    { extends: '', rule_dirs: 'policy' },
    { overrides: [{ files: [], rules: {} }] },
    { rules: { x: { escalate: { on: '1 March', to: 'off' } } } },
  ];
  for (const c of configs) byName.get('config.schema.json')!.push(...withVariants(c, 'root', 'files', 'rules'));
  for (const name of ['people', 'promises'] as const) {
    const data = parseYaml(fs.readFileSync(path.join(SAMPLES_DIR, `${name}.yaml`), 'utf8')) as Data;
    const [key] = Object.keys(data);
    byName.get(`${name}.schema.json`)!.push(...withVariants(data, key, key, key), { [key]: [{}] }, { [key]: [{ id: 7, extra: true }] });
  }
  return byName;
}

describe('validators generated at build time', () => {
  const make = tempWorkspaces();

  it('exist for every schema and agree with ajv, error for error, on valid and broken documents', () => {
    const generated = new PrecompiledSchemas(host, compiledSchemasDir, SCHEMAS_DIR);
    const precompiled = new SchemaRegistry(host, SCHEMAS_DIR, compiledSchemasDir);
    const compiled = new SchemaRegistry(host, SCHEMAS_DIR);
    let valid = 0;
    let invalid = 0;
    for (const [name, inputs] of examples()) {
      const fast = generated.get(name);
      assert.ok(fast, `no generated validator for ${name} (run npm run build)`);
      const slow = compiled.validator(name)!;
      assert.notEqual(fast, slow);
      for (const data of inputs) {
        const ok: boolean = fast(data);
        assert.equal(ok, slow(data), `${name}: ${JSON.stringify(data).slice(0, 200)}`);
        assert.deepEqual(fast.errors ?? null, slow.errors ?? null, `${name}: ${JSON.stringify(data).slice(0, 200)}`);
        assert.deepEqual(precompiled.validate(name, data), compiled.validate(name, data));
        if (ok) valid++;
        else invalid++;
      }
    }
    assert.ok(valid >= 50 && invalid >= 200, `${valid} valid, ${invalid} invalid examples`);
  });

  it('keep the located did-you-mean messages', () => {
    const problems = new SchemaRegistry(host, SCHEMAS_DIR, compiledSchemasDir).validate('config.schema.json', { rulse: {}, root: 'yes' });
    assert.deepEqual(
      problems.map((p) => p.message),
      ['unknown field "rulse" (did you mean "rules"?)', 'expected a boolean'],
    );
  });

  it('are not used once a schema file no longer matches them: the edited schema is compiled instead', () => {
    const dir = make();
    for (const name of schemaNames) fs.copyFileSync(path.join(SCHEMAS_DIR, name), path.join(dir, name));
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.schema.json'), 'utf8')) as { properties: Data };
    config.properties.team = { type: 'string' };
    fs.writeFileSync(path.join(dir, 'config.schema.json'), JSON.stringify(config));

    assert.equal(new PrecompiledSchemas(host, compiledSchemasDir, dir).get('config.schema.json'), undefined);
    assert.deepEqual(new SchemaRegistry(host, dir, compiledSchemasDir).validate('config.schema.json', { team: 'growth' }), []);
    assert.deepEqual(
      new SchemaRegistry(host, SCHEMAS_DIR, compiledSchemasDir).validate('config.schema.json', { team: 'growth' }).map((p) => p.message),
      ['unknown field "team"'],
    );
  });

  it('answer "no such schema" for a record kind that has none', () => {
    const schemas = new SchemaRegistry(host, SCHEMAS_DIR, compiledSchemasDir);
    assert.equal(schemas.validator('record.lanch-plan.schema.json'), undefined);
    assert.throws(() => schemas.validate('record.lanch-plan.schema.json', {}), /missing/);
  });
});
