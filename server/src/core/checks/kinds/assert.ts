import type { CheckDefinition } from '../../rules/definition.js';
import type { Predicate } from '../../rules/language.js';
import { isStringsPath, spelledPath, valueAt, type ModelPath } from '../../rules/paths.js';
import { givenNodes } from '../../rules/predicates.js';
import { sectionNodes, type SectionOperand } from '../../rules/sections.js';
import { compileFix, FIX_SCHEMA, type FixDefinition } from '../fix.js';
import type { PathSegment } from '../../types.js';
import type { SourceMap } from '../../model/source-map.js';
import { nearMissHeading, renderMessage } from '../context.js';
import { sectionPlace, speakOfSection } from '../../engine/section-place.js';
import { sharedKey, type DocumentCheckKind } from '../kind.js';

interface AssertCheck extends CheckDefinition {
  given?: string;
  section?: SectionOperand;
  where?: Predicate;
  assert: Predicate;
  report?: string | string[];
  fix?: FixDefinition;
}

/** A report path read once: its segments below the given node (or the root, when absolute). */
interface ReportPath {
  absolute: boolean;
  steps: PathSegment[];
}

/** `assert`: each selected node that passes `where` must satisfy `assert`. */
export const assertCheck: DocumentCheckKind<AssertCheck> = {
  name: 'assert',
  stage: 'document',
  waivable: true,
  schema: {
    required: ['assert'],
    properties: {
      given: sharedKey('checkGiven'),
      section: sharedKey('checkSection'),
      where: sharedKey('checkWhere'),
      assert: { $ref: '#/definitions/predicate', description: 'What must hold for each node; a node for which it does not hold is a finding.' },
      report: {
        oneOf: [{ $ref: '#/definitions/path' }, { type: 'array', minItems: 1, items: { $ref: '#/definitions/path' } }],
        description:
          'Where the finding points, relative to the given node. A list: the first path that exists in the document (the required field, then the field that makes it required). When none exists, the nearest enclosing node of the first.',
      },
      fix: FIX_SCHEMA,
    },
  },
  compile(check, c) {
    // `$strings`: every string value of the model (free prose has no place to report a field at).
    if (check.given !== undefined) c.path(check.given, isStringsPath(check.given) ? 'strings' : 'given', 'given');
    const section = check.section === undefined ? undefined : c.section(check.section, 'section');
    const where = check.where ? c.predicate(check.where, 'where') : undefined;
    const assert = c.predicate(check.assert, 'assert');
    const reports: ReportPath[] =
      check.report === undefined
        ? []
        : typeof check.report === 'string'
          ? [reportPath(c.path(check.report, 'report', 'report'))]
          : check.report.map((p, i) => reportPath(c.path(p, 'report', 'report', i)));
    const fix = compileFix(check.fix, c);
    return (ctx) => {
      for (const cursor of section ? sectionNodes(section, ctx.eval.document, ctx.doc.form === 'markdown') : givenNodes(check.given, ctx.eval)) {
        if (where && !where(cursor, ctx.eval)) continue;
        if (assert(cursor, ctx.eval)) continue;
        // The finding is about the first report path (what quick fixes add and waivers match);
        // it is shown at the first one that exists.
        const spell = (path: PathSegment[]) => (ctx.eval.looseKeys ? spelledPath(ctx.eval.root, path) : path);
        const about = reports.length === 0 ? cursor.path : spell(pathFrom(reports[0], cursor.path));
        const shown =
          reports.length > 1
            ? (firstExisting(
                reports.map((r) => spell(pathFrom(r, cursor.path))),
                ctx.doc.map,
              ) ?? about)
            : about;
        const safe = fix?.(ctx.doc, about, valueAt(ctx.eval.root, about), cursor, ctx.eval);
        const message = renderMessage(check.message ?? ctx.rule.message, cursor, ctx.eval, { nearMiss: nearMissHeading(ctx.doc, about) });
        // A Markdown record's missing section: shown where the section belongs, and named as a section.
        const place = sectionPlace(ctx.doc, about);
        ctx.emit({
          span: place?.anchor ?? ctx.doc.map.locate(shown).span,
          path: about,
          message: place ? speakOfSection(message, about, place.section) : message,
          ...(safe ? { fix: safe } : {}),
        });
      }
    };
  },
};

function reportPath(path: ModelPath): ReportPath {
  return { absolute: path.absolute, steps: path.steps.map((s) => (s.kind === 'key' ? s.name : s.kind === 'index' ? s.index : 0)) };
}

function pathFrom(report: ReportPath, given: PathSegment[]): PathSegment[] {
  return [...(report.absolute ? [] : given), ...report.steps];
}

/** The first of the report paths that exists in the document, if any does. */
function firstExisting(targets: readonly PathSegment[][], map: SourceMap): PathSegment[] | undefined {
  return targets.find((target) => map.get(target) !== undefined);
}
