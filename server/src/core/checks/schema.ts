import { describePath, spanOfProblem } from '../schema/located-errors.js';
import type { SchemaRegistry } from '../schema/validator.js';
import type { CheckDefinition } from '../rules/definition.js';
import { isMap, parsePath, pathMatches } from '../rules/paths.js';
import { optionValue } from '../rules/predicates.js';
import { SEVERITY_RANK, type Severity } from '../types.js';
import { renderMessage, type CheckContext } from './context.js';

/**
 * `schema`: the record against `schemas/record.<kind>.schema.json`. Missing or wrongly
 * typed fields take the rule's severity; unknown fields and fields given twice are minor.
 * Fields matching `known_fields` (a team's own fields) are not reported as unknown.
 */
export function runSchema(check: CheckDefinition, ctx: CheckContext, schemas: SchemaRegistry): void {
  const data = ctx.eval.root;
  const kind = isMap(data) && typeof data.decision === 'string' ? data.decision : undefined;
  const minor = lower(check.minor_severity ?? 'info', ctx.severity);
  const root = { value: data, path: [] };
  const say = (detail: string) => renderMessage(check.message ?? ctx.rule.message, root, ctx.eval, { detail });
  const schemaName = schemaFor(ctx.doc.role, kind);
  const knownValue = optionValue(check.known_fields, ctx.eval);
  const known = (Array.isArray(knownValue) ? knownValue : []).map((p) => parsePath(String(p)));
  if (schemaName && schemas.validator(schemaName)) {
    for (const problem of schemas.validate(schemaName, data)) {
      if (problem.category === 'unknown' && known.some((k) => pathMatches(k, problem.path))) continue;
      const where = problem.category === 'unknown' ? '' : `${describePath(problem.path)}: `;
      ctx.emit({
        span: spanOfProblem(problem, ctx.doc.map),
        path: problem.path,
        severity: problem.category === 'unknown' ? minor : ctx.severity,
        message: say(`${where}${problem.message}`),
      });
    }
  }
  for (const dup of ctx.doc.duplicates) {
    ctx.emit({
      span: dup.span, path: dup.path, severity: minor,
      message: say(`${describePath(dup.path)} is given in both the front matter and the body; the front matter wins`),
    });
  }
}

/** Records by kind; registries by their own schema. */
function schemaFor(role: string, kind: string | undefined): string | undefined {
  if (role === 'people-registry') return 'people.schema.json';
  if (role === 'promise-register') return 'promises.schema.json';
  return kind && /^[a-z][a-z0-9-]*$/.test(kind) ? `record.${kind}.schema.json` : undefined;
}

function lower(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b;
}

/** `syntax`: what stopped the document from being read. */
export function runSyntax(check: CheckDefinition, ctx: CheckContext): void {
  for (const problem of ctx.doc.syntax) {
    ctx.emit({ span: problem.span, message: renderMessage(check.message ?? ctx.rule.message, { value: undefined, path: [] }, ctx.eval, { detail: problem.message }) });
  }
}
