import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMMANDS, KINDS, SETTING_DEFAULTS, SETTINGS_SECTION, settingName, type Settings } from '../server/src/protocol.js';
import { REPO, SCHEMAS_DIR } from './helpers/paths.js';

interface Manifest {
  contributes: {
    configuration: { properties: Record<string, { default: unknown; enum?: unknown[] }> };
    commands: Array<{ command: string }>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
/** Read by the language client library itself, not by the server. */
const CLIENT_ONLY = new Set([`${SETTINGS_SECTION}.trace.server`]);

describe('facts shared by the client and the server', () => {
  it('package.json declares the settings the server reads, with the same defaults', () => {
    const declared = Object.entries(manifest.contributes.configuration.properties).filter(([name]) => !CLIENT_ONLY.has(name));
    const expected = Object.entries(SETTING_DEFAULTS).map(([key, value]) => [settingName(key as keyof Settings), value]);
    assert.deepEqual(Object.fromEntries(declared.map(([name, p]) => [name, p.default])), Object.fromEntries(expected));
  });

  it('package.json offers exactly the run modes the server accepts', () => {
    const modes: Array<Settings['run']> = ['onType', 'onSave'];
    assert.deepEqual(manifest.contributes.configuration.properties[settingName('run')].enum, modes);
  });

  it('package.json contributes every command except the rule lens one', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    const expected = Object.values(COMMANDS)
      .filter((c) => c !== COMMANDS.testRule)
      .sort();
    assert.deepEqual(contributed, expected);
  });

  it('the record schema allows exactly the kinds offered for new records', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'record.common.schema.json'), 'utf8')) as {
      definitions: { decision: { enum: string[] } };
    };
    assert.deepEqual(schema.definitions.decision.enum, [...KINDS]);
  });
});
