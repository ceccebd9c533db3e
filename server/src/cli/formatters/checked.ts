import { plural } from './relative-path.js';
import type { Report } from './types.js';

/**
 * What a run checked, counted the same way in every format: "16 decision records, 2 registries",
 * with registries and other matched files named only when there are some.
 */
export function checkedSummary(report: Pick<Report, 'filesChecked' | 'recordsChecked' | 'registriesChecked'>): string {
  const others = report.filesChecked - report.recordsChecked - report.registriesChecked;
  const parts = [plural(report.recordsChecked, 'decision record')];
  if (report.registriesChecked > 0) parts.push(plural(report.registriesChecked, 'registry', 'registries'));
  if (others > 0) parts.push(plural(others, 'other file'));
  return parts.join(', ');
}
