#!/usr/bin/env node
// Runs every test layer in turn and ends with one line: "N passed, N failed[, N skipped]".
// Layers: the mocha suites (unit, fixtures, CLI, protocol), then the real-editor layers
// registered in test/e2e/layers.mjs, which skip themselves when their tools are absent.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Mocha from 'mocha';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const totals = { passed: 0, failed: 0, skipped: 0 };

async function mochaLayer() {
  const config = JSON.parse(fs.readFileSync(path.join(repo, '.mocharc.json'), 'utf8'));
  const mocha = new Mocha({ timeout: config.timeout, reporter: config.reporter });
  const grep = process.env.STANDPOINT_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(path.join(repo, 'out', 'test'), { recursive: true })
    .filter((f) => f.endsWith('.test.js') && !f.startsWith(`e2e${path.sep}`))
    .map((f) => path.join(repo, 'out', 'test', f))
    .sort();
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const stats = await new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
  totals.passed += stats.passes;
  totals.failed += stats.failures;
  totals.skipped += stats.pending;
}

async function editorLayers() {
  const file = path.join(repo, 'test', 'e2e', 'layers.mjs');
  if (!fs.existsSync(file)) return;
  const { runEditorLayers } = await import(file);
  const result = await runEditorLayers(repo);
  totals.passed += result.passed;
  totals.failed += result.failed;
  totals.skipped += result.skipped;
}

try {
  await mochaLayer();
  if (!process.env.STANDPOINT_TEST_GREP) await editorLayers();
} catch (err) {
  console.error(err);
  totals.failed += 1;
}
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
