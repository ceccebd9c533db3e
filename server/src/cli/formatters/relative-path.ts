import path from 'node:path';

/** The paths made for the last folder asked about: a report names each file once per finding. */
let made: { cwd: string; paths: Map<string, string> } | undefined;

/** A path relative to the run's folder, with forward slashes on every platform. */
export function relativePath(cwd: string, file: string): string {
  if (made?.cwd !== cwd) made = { cwd, paths: new Map() };
  let rel = made.paths.get(file);
  if (rel === undefined) {
    rel = (path.relative(cwd, file) || path.basename(file)).split(path.sep).join('/');
    made.paths.set(file, rel);
  }
  return rel;
}

// C0 controls but tab and newline, DEL, and C1 controls.
// eslint-disable-next-line no-control-regex -- the control characters are what it finds
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text from a record (quoted in a message) or a file name, safe to print: a control
 * character could move the cursor, retitle the terminal or hide output, so each is shown
 * as its visible symbol (U+2400 block) instead, or U+FFFD for C1 controls.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? '\u2421' : '\ufffd';
  });
}

export function counts(findings: ReadonlyArray<{ severity: string }>): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}
