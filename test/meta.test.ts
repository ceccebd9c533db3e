import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CHECK_KINDS } from '../server/src/core/checks/registry.js';
import { loadRules } from '../server/src/core/rules/loader.js';
import { SchemaRegistry } from '../server/src/core/schema/validator.js';
import { NodeHost } from '../server/src/node/node-host.js';
import { BUILTIN_RULE_IDS } from './helpers/catalogue.js';
import { RULES_DIR, SCHEMAS_DIR } from './helpers/paths.js';

/** The catalogue of SPEC §2 and the §2.1 rules built so far: id and default severity. */
const SPEC_RULES: Record<string, string> = {
  'record-syntax': 'error',
  'record-kind': 'error',
  'record-schema': 'error',
  'duplicate-id': 'error',
  'customer-impact-declared': 'error',
  'advocate-required': 'error',
  'customer-evidence-required': 'error',
  'evidence-stale': 'warning',
  'concern-unresolved': 'warning',
  'promise-owner-required': 'error',
  'no-diffused-ownership': 'error',
  'promise-measure-required': 'error',
  'promise-review-date': 'warning',
  'promise-hedged': 'warning',
  'promise-ref-resolves': 'error',
  'no-finger-pointing': 'warning',
  'no-exempt-functions': 'error',
  'functions-declared': 'warning',
  'touchpoint-cut-needs-reinvestment': 'error',
  'launch-readiness-vs-quarter': 'error',
  'readiness-owner': 'warning',
  'barrier-mitigation-required': 'error',
  'customer-metric-required': 'error',
  'single-score-reliance': 'warning',
  'customer-unit-targets': 'warning',
  'customer-phrased-measure': 'info',
  'report-only-actions': 'warning',
  'campaign-excludes-open-issues': 'error',
  'cco-signoff-major': 'warning',
  'waiver-incomplete': 'error',
  'waiver-expired': 'error',
  'waiver-unused': 'warning',
  // §2.1, catalogue v2
  'promise-baseline': 'warning',
  'promise-target-measurable': 'warning',
  'item-owner-required': 'error',
  'evidence-after-decision': 'warning',
  'impact-none-implausible': 'error',
  'sales-plan-customer-targets': 'error',
  'launch-readiness-listed': 'error',
  'campaign-personalised': 'warning',
  'placeholder-text': 'error',
  'heading-unrecognised': 'info',
  'supersession-consistent': 'error',
  'approved-relies-on-retired': 'error',
  'outcome-recorded': 'warning',
};

const host = new NodeHost();
const rules = loadRules(host, new SchemaRegistry(host, SCHEMAS_DIR), { dir: RULES_DIR, builtin: true, docsUrl: (id) => `https://example.test/docs/rules/${id}.md` });

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('rule catalogue', () => {
  it('has every rule of SPEC §2 with its default severity', () => {
    const loaded: Record<string, string> = Object.fromEntries(rules.map((r) => [r.id, r.severity]));
    const spec = Object.fromEntries(
      Object.entries(SPEC_RULES)
        .map(([id]): [string, string] => [id, loaded[id] ?? '(missing)'])
        .sort(),
    );
    assert.deepEqual(spec, Object.fromEntries(Object.entries(SPEC_RULES).sort()));
  });

  it('loads every rule folder of rules/, and nothing else', () => {
    assert.deepEqual(rules.map((r) => r.id).sort(), [...BUILTIN_RULE_IDS].sort());
  });

  for (const rule of rules) {
    describe(rule.id, () => {
      it('has documentation: rationale, triggers, how to comply', () => {
        for (const part of ['rationale', 'triggers', 'comply'] as const) {
          assert.ok(rule.docs[part].trim().length >= 60, `${rule.id} docs.${part} is too short`);
        }
        assert.ok(rule.title.length > 10 && rule.principle.length > 2);
      });

      it('has a documentation URL', () => {
        assert.equal(rule.docsUrl, `https://example.test/docs/rules/${rule.id}.md`);
      });

      it('has valid and invalid fixtures in both YAML and Markdown form (invalid ones only in the forms it applies to)', () => {
        const forms = rule.applies_to?.forms ?? ['yaml', 'markdown'];
        for (const kind of ['valid', 'invalid']) {
          const files = filesUnder(path.join(RULES_DIR, rule.id, 'fixtures', kind)).map((f) => path.basename(f));
          assert.ok(
            (kind === 'invalid' && !forms.includes('yaml')) || files.some((f) => /\.ya?ml$/.test(f) && !/^(\.standpoint|people|promises)\./.test(f)),
            `${rule.id}: no YAML ${kind} fixture`,
          );
          assert.ok(
            files.some((f) => f.endsWith('.md')),
            `${rule.id}: no Markdown ${kind} fixture`,
          );
        }
      });

      it('is written with the generic check kinds only', () => {
        for (const check of rule.checks)
          assert.ok(
            CHECK_KINDS.some((k) => k.name === check.kind),
            check.kind,
          );
      });
    });
  }
});
