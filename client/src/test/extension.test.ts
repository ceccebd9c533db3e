// Integration tests that run INSIDE a real VS Code extension host (code-server's, through
// test/e2e/extension-host.mjs). They drive the extension only through the public `vscode` API,
// the way a user's editor does, and compare what the editor shows with the CLI's output.
//
// The workspace is a throwaway copy of samples/ (the runner passes it as the folder to open);
// STANDPOINT_TODAY=2026-11-20 is set in the environment, which the language server inherits.
// Every wait is bounded: event-driven (onDidChangeDiagnostics) where VS Code raises an event,
// polled where it does not (the status item's text).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';
import {
  EXTENSION_ID,
  TODAY,
  WAIT_MS,
  workspaceRoot,
  codeOf,
  ours,
  diagnosticKeys,
  cliKeys,
  runCli,
  whenDiagnostics,
  until,
  summary,
  hoverText,
  labelOf,
  squash,
  openRecord,
  revertAndClose,
  lineStarting,
} from './editor-helpers.js';

/** Registered by index.ts once mocha's globals exist. */
export function registerExtensionTests(): void {
  describe('Standpoint extension', function () {
    this.timeout(WAIT_MS * 3);
    let extension: vscode.Extension<unknown>;
    let root: string;

    before(async () => {
      // VS Code for the Web saves after a delay by default: tests of unsaved buffers need it off.
      await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
      root = workspaceRoot();
      const found = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(found, `extension ${EXTENSION_ID} is installed in the extension host`);
      extension = found;
    });

    it('activates and starts the language server', async () => {
      await extension.activate();
      assert.equal(extension.isActive, true);
      const commands = await vscode.commands.getCommands(true);
      for (const c of ['standpoint.lintWorkspace', 'standpoint.explainRule', 'standpoint.newRecord', 'standpoint.restartServer']) {
        assert.ok(commands.includes(c), `command ${c} is registered`);
      }
      // The server reads "today" from this variable; it inherits the extension host's environment.
      assert.equal(process.env.STANDPOINT_TODAY, TODAY, 'STANDPOINT_TODAY reaches the extension host (and so the server)');
    });

    it('lists a closed record\'s findings through workspace diagnostics, without "Check all"', async () => {
      const findings = await runCli(extension.extensionPath, root);
      const closed = findings.find((f) => f.file.endsWith('ca-2026-019-black-friday-early-access.yaml'));
      assert.ok(closed, 'the CLI reports a finding for the closed campaign record');
      const target = vscode.Uri.file(path.resolve(root, closed.file));
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.fsPath === target.fsPath), 'the record is not open');
      const seen = await whenDiagnostics(closed.rule, () => ours(target).find((d) => codeOf(d) === closed.rule), summary(target));
      assert.deepEqual(
        [seen.range.start.line + 1, seen.range.start.character + 1, seen.range.end.line + 1, seen.range.end.character + 1],
        [closed.line, closed.column, closed.endLine, closed.endColumn],
      );
      assert.ok(!seen.message.includes('`'), `diagnostics are plain text: ${seen.message}`);
    });

    it('lintWorkspace publishes exactly the CLI findings (file, rule, range)', async () => {
      assert.ok(fs.existsSync(path.join(root, '.standpoint.yaml')), `${root} is a copy of samples/`);
      const findings = await runCli(extension.extensionPath, root);
      const expected = cliKeys(root, findings, root);
      assert.ok(expected.length > 0, 'the CLI reports findings for the samples');
      await vscode.commands.executeCommand('standpoint.lintWorkspace');
      const equal = () => JSON.stringify(diagnosticKeys(root)) === JSON.stringify(expected);
      await whenDiagnostics('the Standpoint diagnostics to equal the CLI findings', equal, () => {
        const got = diagnosticKeys(root);
        return `missing: ${JSON.stringify(expected.filter((k) => !got.includes(k)))}; unexpected: ${JSON.stringify(got.filter((k) => !expected.includes(k)))}`;
      }).catch(() => undefined);
      assert.deepEqual(diagnosticKeys(root), expected);
    });

    it('re-checks an unsaved edit: a hedged promise gets promise-hedged', async () => {
      const doc = await openRecord(root, 'decisions/lp-2026-014-one-click-reorder.yaml');
      try {
        assert.deepEqual(ours(doc.uri).map(codeOf), [], 'the record starts clean');
        const line = lineStarting(doc, '    promise: Reorders placed by 8pm arrive');
        const at = doc.lineAt(line).text.indexOf('arrive');
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(line, at), 'ideally ');
        assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
        assert.ok(doc.isDirty, 'the edit is unsaved');
        const hedged = await whenDiagnostics('promise-hedged', () => ours(doc.uri).find((d) => codeOf(d) === 'promise-hedged'), summary(doc.uri));
        assert.equal(hedged.severity, vscode.DiagnosticSeverity.Warning);
        assert.equal(doc.getText(hedged.range), 'ideally', 'the diagnostic covers the hedging word in the unsaved buffer');
      } finally {
        await revertAndClose(doc);
      }
    });

    it('quick fix "Add `owner` to fill in" inserts a placeholder owner that does not satisfy the rule', async () => {
      const file = path.join(root, 'decisions', 'quickfix.yaml');
      fs.writeFileSync(
        file,
        [
          'decision: launch-plan',
          'id: LP-2026-099',
          'title: Quick-fix check',
          'status: draft',
          'date: 2026-11-01',
          'owner: Dana Reyes',
          'customer_impact: none',
          'promises:',
          '  - id: P-99',
          '    promise: Reorders placed by 8pm arrive the next day',
          '    measure: percentage of customers whose reorder arrived the next day',
          '    target: ">= 95%"',
          '    review: 2027-02-01',
          '',
        ].join('\n'),
      );
      const doc = await openRecord(root, 'decisions/quickfix.yaml');
      try {
        const missing = await whenDiagnostics('promise-owner-required', () => ours(doc.uri).find((d) => codeOf(d) === 'promise-owner-required'), summary(doc.uri));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, missing.range);
        const titles = (actions ?? []).map((a) => a.title);
        const fix = (actions ?? []).find((a) => a.title === 'Add `owner` to fill in');
        assert.ok(fix, `an "Add \`owner\` to fill in" quick fix is offered; got ${JSON.stringify(titles)}`);
        assert.ok(titles.includes('Show documentation for promise-owner-required'), `the rule page is one action away; got ${JSON.stringify(titles)}`);
        assert.ok(
          titles.some((t) => t.startsWith('Waive promise-owner-required here')),
          `a waiver is offered too; got ${JSON.stringify(titles)}`,
        );
        assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
        assert.ok(fix.edit, 'the fix carries a workspace edit');
        assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the fix applies');
        // The skeleton asks for the owner; it never copies the record's owner in.
        assert.match(
          doc.getText(),
          / {2}- id: P-99\n {4}owner: Name of the one accountable person\n/,
          'placeholder owner inserted into the promise, indented like its siblings',
        );
        await whenDiagnostics(
          'placeholder-text on the inserted owner, promise-owner-required still there',
          () => ours(doc.uri).some((d) => codeOf(d) === 'placeholder-text') && ours(doc.uri).some((d) => codeOf(d) === 'promise-owner-required'),
          summary(doc.uri),
        );
      } finally {
        await revertAndClose(doc);
      }
    });

    it('hover on a finding: VS Code shows the message once, then the documentation link, one line of why', async () => {
      const doc = await openRecord(root, 'decisions/ca-2026-019-black-friday-early-access.yaml');
      try {
        const rule = 'campaign-excludes-open-issues';
        const diagnostic = await whenDiagnostics(rule, () => ours(doc.uri).find((d) => codeOf(d) === rule), summary(doc.uri));
        const inside = diagnostic.range.start.translate(0, 1);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, inside);
        const text = hoverText(hovers ?? []);
        // The hover VS Code shows opens with the diagnostic's own message (its marker part); what the server adds starts with the docs link.
        assert.match(diagnostic.message, /open service issue/);
        assert.ok(!text.includes(diagnostic.message.split('\n')[0]), `the message is not repeated: ${text}`);
        const first = text.split('\n')[0];
        assert.ok(first.startsWith(`[${rule}: `), `the documentation link first: ${first}`);
        assert.ok(first.includes('(command:standpoint.showRuleDocumentation?'), `it opens the shipped page: ${first}`);
        const ruleFile = parseYaml(fs.readFileSync(path.join(extension.extensionPath, 'rules', rule, 'rule.yaml'), 'utf8')) as { docs: { rationale: string } };
        const why = squash(ruleFile.docs.rationale).split(/(?<=\.) /)[0];
        assert.ok(squash(text).includes(why), `one line of why (${why}): ${text}`);
        assert.ok(!/## |How to comply|What triggers it/.test(text), `not the whole page: ${text}`);
        assert.ok(fs.existsSync(path.join(extension.extensionPath, 'docs', 'rules', `${rule}.md`)), 'the page it opens ships with the extension');
      } finally {
        await revertAndClose(doc);
      }
    });

    it('completion offers the fields a record lacks at top level, and people after `owner: `', async () => {
      const people = (parseYaml(fs.readFileSync(path.join(root, 'people.yaml'), 'utf8')) as { people: { id: string; name?: string }[] }).people;
      const doc = await openRecord(root, 'decisions/bc-2026-011-delivery-status-messages.yaml');
      try {
        const statusLine = lineStarting(doc, 'status: ');
        const blank = new vscode.WorkspaceEdit();
        blank.insert(doc.uri, new vscode.Position(statusLine + 1, 0), '\n');
        assert.ok(await vscode.workspace.applyEdit(blank));
        const top = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(statusLine + 1, 0));
        const topLabels = top.items.map(labelOf);
        assert.ok(topLabels.includes('waivers'), `a field the record lacks is offered at top level; got ${JSON.stringify(topLabels.slice(0, 40))}`);
        for (const present of ['customer_impact', 'owner', 'status'])
          assert.ok(!topLabels.includes(present), `${present} is already in the record, not offered again; got ${JSON.stringify(topLabels.slice(0, 40))}`);

        const ownerLine = lineStarting(doc, 'owner: ');
        const clear = new vscode.WorkspaceEdit();
        clear.replace(doc.uri, new vscode.Range(ownerLine, 'owner: '.length, ownerLine, doc.lineAt(ownerLine).text.length), '');
        assert.ok(await vscode.workspace.applyEdit(clear));
        assert.equal(doc.lineAt(ownerLine).text, 'owner: ');
        const after = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          doc.uri,
          new vscode.Position(ownerLine, 'owner: '.length),
        );
        const afterLabels = after.items.map(labelOf);
        const names = people.map((p) => p.name ?? p.id);
        assert.ok(
          afterLabels.some((l) => names.includes(l)),
          `a person from people.yaml offered after "owner: "; got ${JSON.stringify(afterLabels.slice(0, 40))}`,
        );
        assert.ok(afterLabels.includes('Lee Wong'), "the record's own owner is among them");
      } finally {
        await revertAndClose(doc);
      }
    });

    it('a broken config keeps records checked with the last good settings, says so, and recovers', async () => {
      const api = (await extension.activate()) as { status: () => { text: string } | undefined };
      const config = path.join(root, '.standpoint.yaml');
      const good = fs.readFileSync(config, 'utf8');
      const doc = await openRecord(root, 'decisions/lp-2026-014-one-click-reorder.yaml');
      const configUri = vscode.Uri.file(config);
      try {
        fs.writeFileSync(config, `${good}rules:\n  promise-hedged: eror\n`);
        const problem = await whenDiagnostics('the config error', () => ours(configUri)[0], summary(configUri));
        assert.equal(problem.range.start.line, good.split('\n').length, 'on the line of the mistake');
        assert.equal(doc.getText().length > 0, true);
        await until(
          'the status item in its error state',
          () => api.status()?.text === '$(error) Standpoint: config error — using last good settings',
          () => `status: ${api.status()?.text}`,
        );
        // Checking goes on: an edit made while the config is broken is checked.
        const line = lineStarting(doc, '    promise: Reorders placed by 8pm arrive');
        const edit = new vscode.WorkspaceEdit();
        edit.insert(doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('arrive')), 'ideally ');
        assert.ok(await vscode.workspace.applyEdit(edit));
        await whenDiagnostics('promise-hedged while the config is broken', () => ours(doc.uri).find((d) => codeOf(d) === 'promise-hedged'), summary(doc.uri));

        // Fixed, and with a setting that changes the findings: the new settings apply.
        fs.writeFileSync(config, `${good}rules:\n  promise-hedged: off\n`);
        await whenDiagnostics('the config error to clear', () => ours(configUri).length === 0, summary(configUri));
        await whenDiagnostics('promise-hedged off by the fixed config', () => !ours(doc.uri).some((d) => codeOf(d) === 'promise-hedged'), summary(doc.uri));
        await until(
          'the status item back to normal',
          () => !api.status()?.text.includes('config error'),
          () => `status: ${api.status()?.text}`,
        );
      } finally {
        fs.writeFileSync(config, good);
        await revertAndClose(doc);
        await until(
          'the original config back',
          () => !api.status()?.text.includes('config error'),
          () => `status: ${api.status()?.text}`,
        );
      }
    });

    it('fix-on-save applies the safe fixes (source.fixAll and source.fixAll.standpoint)', async () => {
      const editorConfig = vscode.workspace.getConfiguration('editor');
      const before = editorConfig.inspect('codeActionsOnSave')?.globalValue;
      const rel = 'decisions/fix-on-save.yaml';
      const file = path.join(root, rel);
      const text = [
        'decision: policy-change',
        'id: POL-2026-098',
        'title: Fix-on-save check',
        'status: approved',
        'date: 2026-11-01',
        'owner: Dana Reyes',
        'customer_impact: none',
        'customer_impact_rationale: The change only renames an internal report that no customer ever sees or hears about',
        '',
      ].join('\n');
      try {
        for (const kind of ['source.fixAll', 'source.fixAll.standpoint']) {
          await editorConfig.update('codeActionsOnSave', { [kind]: 'explicit' }, vscode.ConfigurationTarget.Global);
          fs.writeFileSync(file, text.replace('status: approved', 'status: aproved'));
          const doc = await openRecord(root, rel);
          try {
            await whenDiagnostics('record-schema on the mistyped status', () => ours(doc.uri).find((d) => codeOf(d) === 'record-schema'), summary(doc.uri));
            // A save the way a person saves (Ctrl+S): the save participants run the code actions on save.
            await vscode.commands.executeCommand('workbench.action.files.save');
            assert.equal(doc.lineAt(lineStarting(doc, 'status: ')).text, 'status: approved', `${kind}: the safe fix was applied on save`);
            assert.equal(fs.readFileSync(file, 'utf8').includes('status: approved'), true, `${kind}: and saved`);
            assert.ok(!doc.getText().includes('Name of'), `${kind}: no skeleton is inserted on save`);
          } finally {
            await revertAndClose(doc);
          }
        }
      } finally {
        // Files the tests make stay: VS Code keeps a closed document's text and hands it to a restarted server.
        await editorConfig.update('codeActionsOnSave', before, vscode.ConfigurationTarget.Global);
      }
    });

    it('adds a missing Markdown section at its place in the record', async () => {
      const rel = 'decisions/md-skeleton.md';
      const file = path.join(root, rel);
      const source = fs.readFileSync(path.join(root, 'decisions', 'bc-2026-017-contact-centre-staffing.md'), 'utf8');
      fs.writeFileSync(file, source.replace(/^id: .+$/m, 'id: BC-2026-097').replace('## Advocates\n\n- Priya Shah\n\n', ''));
      const doc = await openRecord(root, rel);
      try {
        const missing = await whenDiagnostics('advocate-required', () => ours(doc.uri).find((d) => codeOf(d) === 'advocate-required'), summary(doc.uri));
        assert.equal(doc.lineAt(missing.range.start.line).text, '# Reduce contact-centre staffing by 15% in 2027', 'at the heading the section belongs under');
        assert.match(missing.message, /^Name at least one customer advocate in a ## Advocates section\./);
        // The first Markdown file activates VS Code's Markdown extension, whose new providers cancel a code-action request
        // in flight: asked again (bounded) until the providers have settled.
        let actions: vscode.CodeAction[] = [];
        let add: vscode.CodeAction | undefined;
        for (let attempt = 0; attempt < 10 && !add; attempt++) {
          if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 300));
          actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, missing.range)) ?? [];
          add = actions.find((a) => a.title === 'Add a "## Advocates" section to fill in');
        }
        assert.ok(add?.edit, `the section skeleton is offered; got ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.ok(await vscode.workspace.applyEdit(add.edit));
        // The reveal command the action carries, as VS Code runs it after applying the edit.
        if (add.command) await vscode.commands.executeCommand(add.command.command, ...((add.command.arguments ?? []) as unknown[]));
        const headings = doc
          .getText()
          .split('\n')
          .filter((l) => l.startsWith('## '));
        assert.deepEqual(headings.slice(0, 4), ['## Customer standpoint', '## Customer evidence', '## Advocates', '## Concerns']);
        const at = lineStarting(doc, '## Advocates');
        const visible = vscode.window.activeTextEditor?.visibleRanges ?? [];
        assert.ok(
          visible.some((r) => r.start.line <= at && at <= r.end.line),
          `the inserted section is shown (line ${at + 1}; visible ${JSON.stringify(visible.map((r) => [r.start.line, r.end.line]))})`,
        );
      } finally {
        await revertAndClose(doc);
      }
    });

    it('completion in a block list offers the registered customer advocates first', async () => {
      const rel = 'decisions/block-list.yaml';
      const file = path.join(root, rel);
      fs.writeFileSync(file, 'decision: launch-plan\nid: LP-2026-096\ncustomer_standpoint:\n  advocates:\n    - \n');
      const people = (parseYaml(fs.readFileSync(path.join(root, 'people.yaml'), 'utf8')) as { people: Array<{ name: string; roles: string[] }> }).people;
      const advocates = people
        .filter((p) => p.roles.includes('customer-advocate'))
        .map((p) => p.name)
        .sort();
      const doc = await openRecord(root, rel);
      try {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(4, 6));
        const sorted = list.items.slice().sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
        assert.deepEqual(sorted.slice(0, advocates.length).map(labelOf), advocates, `advocates first; got ${JSON.stringify(sorted.map(labelOf).slice(0, 10))}`);
      } finally {
        await revertAndClose(doc);
      }
    });

    it('checks a new record from the template before it is saved', async () => {
      await vscode.commands.executeCommand('standpoint.newRecord', 'launch-plan', 'yaml');
      const doc = vscode.window.activeTextEditor?.document;
      assert.ok(doc && doc.uri.scheme === 'untitled', 'an untitled record');
      try {
        // The template's placeholders are reported until a person fills them in.
        await whenDiagnostics('placeholder-text on the untitled record', () => ours(doc.uri).some((d) => codeOf(d) === 'placeholder-text'), summary(doc.uri));
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
        assert.ok((symbols ?? []).length === 1 && symbols[0].children.length > 0, 'and outlined');
      } finally {
        await vscode.window.showTextDocument(doc, { preview: false });
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });

    it('restartServer starts a new server, and lintWorkspace works again', async () => {
      // The language client registers `standpoint.lintWorkspace` from the server's capabilities;
      // after a restart it must be registered again, exactly once.
      await vscode.commands.executeCommand('standpoint.restartServer');
      const findings = await runCli(extension.extensionPath, root); // the workspace now also holds quickfix.yaml
      const expected = cliKeys(root, findings, root);
      await vscode.commands.executeCommand('standpoint.lintWorkspace');
      await whenDiagnostics(
        'the diagnostics after a restart to equal the CLI findings',
        () => JSON.stringify(diagnosticKeys(root)) === JSON.stringify(expected),
        () => JSON.stringify(diagnosticKeys(root)),
      ).catch(() => undefined);
      assert.deepEqual(diagnosticKeys(root), expected);
    });
  });
}
