import assert from 'node:assert/strict';
import { github } from '../server/src/cli/formatters/github.js';
import { markdown } from '../server/src/cli/formatters/markdown.js';
import { printable } from '../server/src/cli/formatters/relative-path.js';
import { stylish } from '../server/src/cli/formatters/stylish.js';
import type { Finding } from '../server/src/core/index.js';
import { record, register, show, standpoint, tempWorkspaces, TODAY } from './helpers/cli.js';
import { oneFileReport } from './helpers/report.js';

// Record text quoted in a message, and file names, reach a terminal or a PR page: control characters must not.
const OSC_TITLE = '\u001b]0;pwned\u0007';
const CSI_CLEAR = '\u001b[2J';

describe('terminal output: control characters from records are shown, not obeyed', () => {
  const make = tempWorkspaces();

  it('printable turns C0, DEL and C1 controls into visible symbols, keeping tab, newline and other text', () => {
    assert.equal(printable(`a${OSC_TITLE}b`), 'a␛]0;pwned␇b');
    assert.equal(printable('x\u007fy\u009bz'), 'x␡y\ufffdz');
    assert.equal(printable('tab\tnewline\n€ ✓'), 'tab\tnewline\n€ ✓');
  });

  it('stylish, markdown and github formats carry no escape character', () => {
    const finding: Finding = {
      file: `/ws/decisions/a${CSI_CLEAR}.yaml`,
      rule: 'promise-ref-resolves',
      severity: 'error',
      message: `"P-1${OSC_TITLE}" is not a promise`,
      principle: 'one-list-of-promises',
      docsUrl: '',
      line: 3,
      column: 8,
      endLine: 3,
      endColumn: 12,
      span: { start: 0, end: 1 },
    };
    const report = oneFileReport([finding], '/ws');
    for (const [name, text] of [
      ['stylish', stylish(report)],
      ['markdown', markdown(report)],
      ['github', github(report)],
    ]) {
      // eslint-disable-next-line no-control-regex -- the control characters are what must be absent
      assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, name);
      assert.match(text, /P-1␛\]0;pwned␇/, name);
      assert.match(text, /a␛\[2J\.yaml/, name);
    }
  });

  it('the CLI prints a quoted record value with its escape sequences made visible', function () {
    this.timeout(60_000);
    const ws = make({
      '.standpoint.yaml': 'root: true\npromises: promises.yaml\n',
      'promises.yaml': register(['P-1']),
      // YAML's double-quoted escapes: \e is ESC, \a is BEL.
      'decisions/a.yaml': record({ id: 'LP-2026-901', ref: '"P-1\\e]0;pwned\\a"' }),
    });
    const run = standpoint(['check', '--today', TODAY], { cwd: ws });
    assert.equal(run.code, 1, show(run));
    assert.match(run.stdout, /"P-1␛\]0;pwned␇" is not in the promise register/);
    // eslint-disable-next-line no-control-regex -- ESC and BEL are what must be absent
    assert.doesNotMatch(run.stdout, /\u001b|\u0007/);
  });
});
