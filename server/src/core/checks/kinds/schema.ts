import type { CheckDefinition } from '../../rules/definition.js';
import type { OptionRef } from '../../rules/language.js';
import { isMap, parsePath, pathMatches, valueAt } from '../../rules/paths.js';
import { STANDARD_PLACEHOLDERS } from '../../rules/placeholders.js';
import type { PathSegment, SafeFix } from '../../types.js';
import { replaceScalar } from '../../fixes/scalar-fix.js';
import type { ParsedDocument } from '../../model/document.js';
import { onlyMatch } from '../../text/nearest.js';
import { humanPath, spanOfProblem } from '../../schema/located-errors.js';
import { SEVERITY_RANK, type Severity } from '../../types.js';
import { renderMessage } from '../context.js';
import type { DocumentCheckKind } from '../kind.js';

interface SchemaCheck extends CheckDefinition {
  minor_severity?: Severity;
  known_fields?: string[] | OptionRef;
}

/**
 * `schema`: the record against `schemas/record.<kind>.schema.json`. Missing or wrongly
 * typed fields take the rule's severity; unknown fields and fields given twice are minor.
 * Fields matching `known_fields` (a team's own fields) are not reported as unknown.
 */
export const schemaCheck: DocumentCheckKind<SchemaCheck> = {
  name: 'schema',
  stage: 'document',
  waivable: true,
  schema: {
    properties: {
      minor_severity: {
        $ref: '#/definitions/severity',
        description: "Severity of unknown fields and fields given twice (at most the rule's severity).",
      },
      known_fields: {
        oneOf: [{ type: 'array', items: { $ref: '#/definitions/path' } }, { $ref: '#/definitions/optionRef' }],
        description: 'Paths of fields your records may add (segments, customer_standpoint.evidence[*].segment): not reported as unknown.',
      },
    },
  },
  compile(check, c) {
    if (Array.isArray(check.known_fields)) check.known_fields.forEach((p, i) => c.path(p, 'field', 'known_fields', i));
    const knownFields = c.option(check.known_fields, 'known_fields');
    return (ctx) => {
      const data = ctx.eval.root;
      const kind = isMap(data) && typeof data.decision === 'string' ? data.decision : undefined;
      const minor = lower(check.minor_severity ?? 'info', ctx.severity);
      const root = { value: data, path: [] };
      const say = (detail: string) => renderMessage(check.message ?? ctx.rule.message, root, ctx.eval, { detail });
      const schemaName = schemaFor(ctx.doc.role, kind);
      const knownValue = knownFields(ctx.eval);
      const known = (Array.isArray(knownValue) ? knownValue : []).map((p) => parsePath(String(p)));
      const placeholders = ctx.eval.registries.placeholders ?? STANDARD_PLACEHOLDERS;
      if (schemaName && ctx.schemas.validator(schemaName)) {
        for (const problem of ctx.schemas.validate(schemaName, data)) {
          if (problem.category === 'unknown' && known.some((k) => pathMatches(k, problem.path))) continue;
          // A template's "YYYY-MM-DD" or "A number" is reported once, by placeholder-text, as what it is.
          if (problem.category !== 'unknown' && placeholders.matches(valueAt(data, problem.path))) continue;
          const where = problem.category === 'unknown' ? '' : `${humanPath(problem.path)}: `;
          const fix = problem.allowed ? enumFix(ctx.doc, problem.path, valueAt(data, problem.path), problem.allowed) : undefined;
          ctx.emit({
            ...(fix ? { fix } : {}),
            span: spanOfProblem(problem, ctx.doc.map),
            path: problem.path,
            severity: problem.category === 'unknown' ? minor : ctx.severity,
            message: say(`${where}${problem.message}`),
          });
        }
      }
      for (const dup of ctx.doc.duplicates) {
        ctx.emit({
          span: dup.span,
          path: dup.path,
          severity: minor,
          message: say(`${humanPath(dup.path)} is given in both the front matter and the body; the front matter wins`),
        });
      }
    };
  },
};

/** `status: aproved` → `approved`: the one allowed value a mistyped one can only mean. */
function enumFix(doc: ParsedDocument, path: PathSegment[], value: unknown, allowed: unknown[]): SafeFix | undefined {
  if (typeof value !== 'string') return undefined;
  const match = onlyMatch(
    value.trim(),
    allowed.filter((a): a is string => typeof a === 'string'),
  );
  return match === undefined ? undefined : replaceScalar(doc, path, match);
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
