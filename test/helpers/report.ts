import type { Report } from '../../server/src/cli/formatters/types.js';
import type { Finding } from '../../server/src/core/index.js';

/** What a formatter is given for findings in one checked file, without colour. */
export function oneFileReport(findings: Finding[], cwd: string, version = '0.0.0'): Report {
  return {
    findings,
    rules: [],
    filesChecked: 1,
    recordsChecked: 1,
    registriesChecked: 0,
    files: findings.map((f) => f.file),
    activeWaivers: 0,
    waived: 0,
    cwd,
    version,
    color: false,
  };
}
