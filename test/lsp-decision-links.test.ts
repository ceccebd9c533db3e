import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { applyEdits, copySamples, LspClient, uri, type Diagnostic } from './helpers/lsp-client.js';

type Edit = { range: Diagnostic['range']; newText: string };
type Action = { title: string; edit: { changes: Record<string, Edit[]> } };

/** Supersession links in the editor: navigation between records by id, and the quick fix that writes the other half of a link. */
describe('language server: records named by id (supersedes, superseded_by, depends_on)', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspClient;
  const file = (rel: string) => path.join(ws, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');
  const OLD = 'decisions/pol-2025-019-returns-window-30-days.yaml';
  const NEW = 'decisions/pol-2026-008-plus-returns-window.md';
  /** The position of the first `needle` on the line that starts with `prefix`, one character in. */
  const at = (text: string, prefix: string, needle: string) => {
    const line = text.split('\n').findIndex((l) => l.startsWith(prefix));
    return { line, character: text.split('\n')[line].indexOf(needle) + 1 };
  };

  beforeEach(async () => {
    ws = copySamples('standpoint-lsp-life-');
    client = new LspClient();
    // Every record indexed before the first request: navigation and completion read the whole workspace.
    const indexed = new Promise((resolve) => client.connection.onNotification('standpoint/indexed', resolve));
    await client.initialize(ws);
    await indexed;
  });

  afterEach(async () => {
    const code = await client.stop();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr.join('')}`);
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('goes from an id in supersedes to the record, hovers with its status, and finds every record that names it', async () => {
    const text = read(NEW);
    await client.open(file(NEW), text);
    await client.waitFor(file(NEW), () => true);
    const position = at(text, 'supersedes:', 'POL-2025-019');
    const doc = { textDocument: { uri: uri(file(NEW)) }, position };
    const defs = await client.request<Array<{ uri: string; range: Diagnostic['range'] }>>('textDocument/definition', doc);
    assert.deepEqual(defs, [{ uri: uri(file(OLD)), range: { start: { line: 1, character: 4 }, end: { line: 1, character: 16 } } }]);

    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', doc);
    assert.match(
      hover.contents.value,
      /^\*\*POL-2025-019\*\* — 30-day returns window for every customer, late returns by exception\n\nStatus: superseded · Superseded by: POL-2026-008 · Owner: Wale Adeyemi/,
    );

    const refs = await client.request<Array<{ uri: string; range: Diagnostic['range'] }>>('textDocument/references', { ...doc, context: { includeDeclaration: true } });
    assert.deepEqual(refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line + 1}`).sort(), [
      'pol-2025-019-returns-window-30-days.yaml:2',
      `pol-2026-008-plus-returns-window.md:${position.line + 1}`,
    ]);

    // An id that names nothing says so.
    const broken = text.replace('supersedes: [POL-2025-019]', 'supersedes: [POL-2025-099]');
    await client.change(file(NEW), broken, 2);
    await client.waitFor(file(NEW), (_d, v) => v === 2);
    const missing = await client.request<{ contents: { value: string } }>('textDocument/hover', doc);
    assert.match(missing.contents.value, /\*\*POL-2025-099\*\* is not the id of a record in this workspace\./);
  });

  it('completes record ids in supersedes, superseded_by and depends_on lists, flow or block, without the record itself', async () => {
    const rel = 'decisions/new-policy.yaml';
    const text = 'decision: policy-change\nid: POL-2026-099\nsupersedes: [\ndepends_on:\n  - \n';
    fs.writeFileSync(file(rel), text);
    await client.open(file(rel), text);
    type Item = { label: string; detail?: string };
    const flow = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: uri(file(rel)) }, position: { line: 2, character: 13 } });
    const block = await client.request<Item[]>('textDocument/completion', { textDocument: { uri: uri(file(rel)) }, position: { line: 4, character: 4 } });
    for (const items of [flow, block]) {
      const labels = items.map((i) => i.label);
      assert.ok(labels.includes('POL-2025-019') && labels.includes('ORG-2026-004'), JSON.stringify(labels));
      assert.ok(!labels.includes('POL-2026-099'));
      assert.equal(labels.length, 17, JSON.stringify(labels));
    }
    assert.equal(flow.find((i) => i.label === 'ORG-2026-004')!.detail, 'decisions/org-2026-004-one-customer-care-team.md');
  });

  it('on a one-way link, writes the other half into the other record, and offers its status change as a separate action', async () => {
    // The replaced record loses its half of the link and its status: the successor's supersedes is one-way.
    const oldText = read(OLD)
      .replace('status: superseded\nsuperseded_by: POL-2026-008\n', 'status: approved\n')
      .replace('approvers: [Joy Okafor]\n', 'approvers: [Joy Okafor]\n');
    fs.writeFileSync(file(OLD), oldText);
    const newText = read(NEW);
    await client.open(file(OLD), oldText);
    await client.open(file(NEW), newText);
    const diags = await client.waitFor(file(NEW), (d) => d.some((x) => x.code === 'supersession-consistent'));
    const target = diags.find((d) => d.code === 'supersession-consistent')!;
    assert.equal(target.range.start.line, at(newText, 'supersedes:', 'POL').line);
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: uri(file(NEW)) },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles.slice(0, 2), [
      'Add superseded_by: POL-2026-008 to pol-2025-019-returns-window-30-days.yaml',
      'Mark POL-2025-019 as superseded (pol-2025-019-returns-window-30-days.yaml)',
    ]);
    assert.ok(titles.includes('Waive supersession-consistent here (accountable exception)'));
    // Each action edits the other record only.
    for (const a of actions.slice(0, 2)) assert.deepEqual(Object.keys(a.edit.changes), [uri(file(OLD))]);
    const linked = applyEdits(oldText, actions[0].edit.changes[uri(file(OLD))]);
    assert.match(linked, /\nsuperseded_by: POL-2026-008\n/);
    assert.match(linked, /\nstatus: approved\n/, 'the status is not changed by the link');
    await client.change(file(OLD), linked, 2);
    // Linked back but not superseded: the replaced record is now the one reported, at its status.
    const oldDiags = await client.waitFor(file(OLD), (d, v) => v === 2 && d.some((x) => x.code === 'supersession-consistent'));
    assert.deepEqual(
      oldDiags.filter((d) => d.code === 'supersession-consistent').map((d) => d.range.start.line + 1),
      [4],
    );
    await client.waitFor(file(NEW), (d) => !d.some((x) => x.code === 'supersession-consistent'));
    const superseded = applyEdits(linked, actions[1].edit.changes[uri(file(OLD))]);
    assert.match(superseded, /\nstatus: superseded\nsuperseded_by: POL-2026-008\n|\nstatus: superseded\n[\s\S]*\nsuperseded_by: POL-2026-008\n/);
    await client.change(file(OLD), superseded, 3);
    const clean = await client.waitFor(file(OLD), (_d, v) => v === 3);
    assert.deepEqual(
      clean.filter((d) => d.code === 'supersession-consistent' || d.code === 'approved-relies-on-retired'),
      [],
    );
  });

  it('on a review that passed without an outcome, offers the outcome to fill in (placeholder text, so still reported)', async () => {
    const rel = 'decisions/org-2026-004-one-customer-care-team.md';
    const text = read(rel)
      .replace('outcome: {result: kept, date: 2026-11-06}\n', '')
      .replace(/\n## Outcome\n[\s\S]*$/, '\n');
    await client.open(file(rel), text);
    const diags = await client.waitFor(file(rel), (d) => d.some((x) => x.code === 'outcome-recorded'));
    const target = diags.find((d) => d.code === 'outcome-recorded')!;
    assert.equal(
      target.range.start.line,
      text.split('\n').findIndex((l) => l.startsWith('review_by:')),
    );
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: uri(file(rel)) },
      range: target.range,
      context: { diagnostics: [target] },
    });
    assert.equal(actions[0].title, 'Add `outcome` to fill in');
    const filled = applyEdits(text, actions[0].edit.changes[uri(file(rel))]);
    assert.match(filled, /\noutcome:\n {2}result: kept, changed or reversed\n {2}date: YYYY-MM-DD\n {2}summary: What happened for customers, in numbers\n---\n/);
    await client.change(file(rel), filled, 2);
    const after = await client.waitFor(file(rel), (_d, v) => v === 2);
    assert.ok(after.some((d) => d.code === 'placeholder-text'));
    assert.ok(
      after.some((d) => d.code === 'outcome-recorded'),
      'an outcome of placeholder text is no outcome',
    );
  });

  it('on a successor that does not list its predecessor, adds the id to its supersedes list', async () => {
    const newText = read(NEW).replace('supersedes: [POL-2025-019]\n', 'supersedes: [POL-2024-001]\n');
    const oldText = read(OLD);
    await client.open(file(NEW), newText);
    await client.open(file(OLD), oldText);
    const diags = await client.waitFor(file(OLD), (d) => d.some((x) => x.code === 'supersession-consistent'));
    const target = diags.find((d) => d.code === 'supersession-consistent')!;
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: uri(file(OLD)) },
      range: target.range,
      context: { diagnostics: [target] },
    });
    assert.equal(actions[0].title, 'Add POL-2025-019 to the supersedes of pol-2026-008-plus-returns-window.md');
    assert.match(applyEdits(newText, actions[0].edit.changes[uri(file(NEW))]), /\nsupersedes: \[POL-2024-001, POL-2025-019\]\n/);
    assert.ok(!actions.some((a) => a.title.startsWith('Mark ')), 'the successor keeps its status');
  });
});
