import path from 'node:path';
import { fillTarget } from '../checks/context.js';
import { rangeFromStarts } from '../text/line-index.js';
import type { RelatedLocation, Span } from '../types.js';
import { DETAIL, type AnalysedFinding, type DocumentAnalysis, type Reference } from './analysis.js';

/** Other documents named in a reference's message; the rest are counted ("and 2 more"). */
const MAX_PLACES = 3;

/** A document a reference may name: where its value stands, and what the check needs to know of it. */
class Target {
  private located: RelatedLocation | undefined;

  constructor(
    private readonly analysis: DocumentAnalysis,
    private readonly span: Span,
    readonly back: readonly string[] | undefined,
    readonly shown: Readonly<Record<string, string>> | undefined,
  ) {}

  get file(): string {
    return this.analysis.file;
  }

  /** Worked out when first asked: most targets are never named by anything. */
  get place(): RelatedLocation {
    return (this.located ??= { file: this.analysis.file, ...rangeFromStarts(this.analysis.lineStarts, this.analysis.length, this.span) });
  }
}

/**
 * Every value documents offer to `reference` checks, by rule and check, then value. Built once
 * from every document; reused while no document's offer changes (the language server
 * re-resolves only the references of the document being edited). A value offered once (most
 * are) is held as its target alone.
 */
export class TargetIndex {
  private readonly byCheck = new Map<string, Map<string, Target | Target[]>>();

  constructor(analyses: Iterable<DocumentAnalysis>) {
    for (const analysis of analyses) {
      for (const t of analysis.targets) {
        const check = checkKey(t.rule, t.check);
        let byValue = this.byCheck.get(check);
        if (!byValue) this.byCheck.set(check, (byValue = new Map<string, Target | Target[]>()));
        const target = new Target(analysis, t.span, t.back, t.shown);
        const held = byValue.get(t.value);
        if (held === undefined) byValue.set(t.value, target);
        else if (held instanceof Target) byValue.set(t.value, [held, target]);
        else held.push(target);
      }
    }
    // Places in file order whatever order the analyses came in (worker threads finish in any order).
    for (const byValue of this.byCheck.values())
      for (const held of byValue.values()) if (Array.isArray(held)) held.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.place.line - b.place.line));
  }

  /** The documents other than `file` that a reference's value names. */
  named(ref: Reference, file: string): Target[] {
    const held = this.byCheck.get(checkKey(ref.rule, ref.check))?.get(ref.value);
    if (held === undefined) return [];
    if (held instanceof Target) return held.file === file ? [] : [held];
    return held.filter((t) => t.file !== file);
  }
}

function checkKey(rule: string, check: number): string {
  return `${rule}\u0000${check}`;
}

/** The findings of one document's references, resolved against what the other documents offer. */
export function resolveReferences(analysis: DocumentAnalysis, index: TargetIndex, root: string): AnalysedFinding[] {
  const out: AnalysedFinding[] = [];
  for (const ref of analysis.references) {
    const named = index.named(ref, analysis.file);
    const offending = offendingTargets(ref, named);
    if (!offending) continue;
    const first = offending[0] as Target | undefined;
    out.push({
      rule: ref.rule,
      severity: ref.severity,
      span: ref.span,
      path: ref.path,
      message: fillTarget(ref.message.split(DETAIL).join(places(offending, root)), first?.shown),
      ...(offending.length > 0 ? { related: offending.map((t) => t.place) } : {}),
    });
  }
  return out;
}

/** The documents a reference is reported about (none for a value that names nothing), or undefined when it is fine. */
function offendingTargets(ref: Reference, named: Target[]): Target[] | undefined {
  switch (ref.fires) {
    case 'unresolved':
      return named.length === 0 ? [] : undefined;
    case 'resolved':
      return named.length > 0 ? named : undefined;
    case 'unlinked': {
      const self = ref.self ?? [];
      // A value that names nothing is the `unresolved` check's to report; a document without its own name cannot be named back.
      if (named.length === 0 || self.length === 0) return undefined;
      return named.some((t) => t.back?.some((b) => self.includes(b))) ? undefined : named;
    }
  }
}

/** `decisions/lp-2025-031.yaml:3`, and how many more. */
function places(targets: Target[], root: string): string {
  const shown = targets.slice(0, MAX_PLACES).map((t) => `${path.relative(root, t.file) || path.basename(t.file)}:${t.place.line}`);
  const more = targets.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

/** The reference findings of every document that has some. */
export function resolveAllReferences(analyses: readonly DocumentAnalysis[], index: TargetIndex, root: string): Map<string, AnalysedFinding[]> {
  const out = new Map<string, AnalysedFinding[]>();
  for (const analysis of analyses) {
    if (analysis.references.length === 0) continue;
    const found = resolveReferences(analysis, index, root);
    if (found.length > 0) out.set(analysis.file, found);
  }
  return out;
}
