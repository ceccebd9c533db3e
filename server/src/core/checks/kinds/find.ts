import type { CheckDefinition } from '../../rules/definition.js';
import type { EvalContext, OptionRef, PhraseListReader, Predicate } from '../../rules/language.js';
import { matcherFor, PHRASE_LIST_SCHEMA, VOICE_SCHEMA, type PhraseList } from '../../rules/operators/phrases.js';
import { isStringsPath, type Cursor } from '../../rules/paths.js';
import { givenNodes } from '../../rules/predicates.js';
import { sectionMembers, sectionParagraphs, type SectionOperand } from '../../rules/sections.js';
import { FACTS_ROOT } from '../../model/document.js';
import { stepTowardsDeadline } from '../../rules/safety.js';
import { patternRegex, wordsMatcherOf } from '../../rules/values.js';
import { insideRanges, isOthersField, othersRanges, type Voice } from '../../rules/voice.js';
import type { PhraseMatch, PhraseMatcher } from '../../text/phrases.js';
import { overlapsRanges, type Range } from '../../text/quotes.js';
import { tokenize, type Token } from '../../text/tokens.js';
import type { Span } from '../../types.js';
import { renderMessage, type CheckContext } from '../context.js';
import { sharedKey, type DocumentCheckKind } from '../kind.js';

interface FindCheck extends CheckDefinition {
  given?: string;
  section?: SectionOperand;
  comments?: boolean;
  where?: Predicate;
  words?: unknown[] | OptionRef;
  patterns?: string[] | OptionRef;
  phrases?: PhraseList;
  voice?: Voice;
}

/** The word list's regex (built by the engine, linear) and each pattern (proven linear at load). */
interface Compiled {
  re: RegExp;
}

/** The ranges of `text` (or of its `inner` part) that are someone else's words, relative to `text`. */
function othersIn(text: string, inner: Range | undefined, blockquotes: readonly Range[], offset: number): Range[] {
  if (!inner) return othersRanges(text, blockquotes, offset);
  return othersRanges(text.slice(inner.start, inner.end), blockquotes, offset + inner.start).map((r) => ({ start: r.start + inner.start, end: r.end + inner.start }));
}

const HTML_COMMENT = /<!--[\s\S]*?-->/g;
/** Comments that are never text, even for a check that reads comments: fixture markers and waivers. */
const TOOLING_COMMENT = /<!--\s*(?:expect\b|standpoint-waive\b)[\s\S]*?-->/g;
const EMPHASIS = /[*_`~]+/g;

/** What one document is searched for. */
interface Search {
  regexes: Compiled[];
  /** One expression matching wherever one of `regexes` does: a text it misses (most texts) skips their passes. */
  anyRegex?: RegExp;
  /** The plain entries of `words`, matched word for word. */
  words?: PhraseMatcher;
  phrases?: PhraseMatcher;
  organisation: boolean;
  /** HTML comments are read as text too (`comments: true`). */
  comments: boolean;
}

/** One text to search: the source it came from when it has a place there. */
interface Target {
  text: string;
  /** Where `text` starts in the document; undefined when the value has no span of its own. */
  offset: number | undefined;
  /** The part of `text` that is the value's own words (all of it when undefined). */
  inner: Range | undefined;
  cursor: Cursor;
}

/** `find`: words, phrases or patterns in text; each occurrence is a finding on the words themselves. */
export const findCheck: DocumentCheckKind<FindCheck> = {
  name: 'find',
  stage: 'document',
  waivable: true,
  schema: {
    anyOf: [{ required: ['words'] }, { required: ['patterns'] }, { required: ['phrases'] }],
    properties: {
      given: sharedKey('checkGiven'),
      section: sharedKey('checkSection'),
      where: sharedKey('checkWhere'),
      words: { $ref: '#/definitions/staticList', description: 'Whole words or phrases to find (a list, or {$option: NAME}); the finding points at the words.' },
      patterns: {
        oneOf: [{ type: 'array', items: { type: 'string' } }, { $ref: '#/definitions/optionRef' }],
        description: 'Regular expressions to find (case-insensitive; a list, or {$option: NAME}).',
      },
      phrases: {
        ...PHRASE_LIST_SCHEMA,
        description: 'Phrases to find, each word in any inflection ("aim [to]", "(our|the) aim is to"); the finding points at the words found.',
      },
      voice: VOICE_SCHEMA,
      comments: {
        type: 'boolean',
        description:
          'true: also search Markdown HTML comments (<!-- ... -->): those inside the texts searched and, with $strings or section, the comments standing on their own lines in that scope. Fixture markers and waiver comments are never searched. Default false: comments are not prose.',
      },
    },
  },
  compile(check, c) {
    const strings = check.given !== undefined && isStringsPath(check.given);
    if (check.given !== undefined) c.path(check.given, 'strings', 'given');
    const section = check.section === undefined ? undefined : c.section(check.section, 'section');
    const comments = check.comments === true;
    const where = check.where ? c.predicate(check.where, 'where') : undefined;
    const words = c.option(check.words, 'words');
    const patterns = c.patterns(check.patterns, 'patterns');
    const phrases: PhraseListReader | undefined = check.phrases === undefined ? undefined : c.phrases(check.phrases, 'phrases');
    const organisation = check.voice === 'organisation';
    const message = check.message;
    // A search depends only on the rule's options, which stay the same from document to document.
    const searches = new WeakMap<object, Search>();
    const searchFor = (ctx: EvalContext): Search => {
      let search = searches.get(ctx.options);
      if (!search) {
        search = newSearch(ctx);
        searches.set(ctx.options, search);
      }
      return search;
    };
    const newSearch = (ctx: EvalContext): Search => {
      const regexes: Compiled[] = [];
      const w = words(ctx);
      const exact = Array.isArray(w) && w.length > 0 ? wordsMatcherOf(w) : undefined;
      if (exact?.regex) regexes.push({ re: exact.regex });
      const p = patterns(ctx);
      if (Array.isArray(p)) for (const source of p) regexes.push({ re: patternRegex(String(source)) });
      return { regexes, anyRegex: anyOf(regexes), words: exact?.trie, phrases: phrases ? matcherFor(phrases(ctx), ctx) : undefined, organisation, comments };
    };
    return (ctx) => {
      const search = searchFor(ctx.eval);
      if (search.regexes.length === 0 && !search.words && !search.phrases) return;
      // `$strings` is one selection per model, shared with the other checks that walk it.
      const targets: readonly Cursor[] = section ? sectionParagraphs(section, ctx.eval.document) : givenNodes(check.given, ctx.eval);
      for (const cursor of targets) {
        if (typeof cursor.value !== 'string') continue;
        if (organisation && isOthersField(cursor.path)) continue;
        if (where && !where(cursor, ctx.eval)) continue;
        const loc = ctx.doc.map.get(cursor.path);
        // Match against the source so offsets are exact; fall back to the value when it has no span.
        const span = loc && loc.shape === 'scalar' ? loc.value : undefined;
        scan(message, ctx, search, span ? sourceTarget(ctx.doc.text, span, cursor.value, cursor) : { text: cursor.value, offset: undefined, inner: undefined, cursor });
      }
      if (strings) {
        for (const segment of ctx.doc.prose)
          scan(message, ctx, search, { text: segment.text, offset: segment.span.start, inner: undefined, cursor: { value: segment.text, path: [] } });
      }
      if (comments && (strings || section)) {
        const extents = section ? sectionMembers(section, ctx.eval.document).map((m) => ctx.doc.map.get([FACTS_ROOT, 'sections', m])!.value) : undefined;
        for (const span of ctx.doc.comments) {
          if (extents && !extents.some((e) => e.start <= span.start && span.end <= e.end)) continue;
          const text = ctx.doc.text.slice(span.start, span.end);
          scan(message, ctx, search, { text, offset: span.start, inner: undefined, cursor: { value: text, path: [] } });
        }
      }
    };
  },
};

/**
 * The source of a value, and where its own words begin and end in it: a quoted YAML
 * scalar's quotes are syntax, not quotation marks (a value that starts with the mark
 * itself, as Markdown text does, keeps it). Every target has the same fields, in one order:
 * one is made for every string of a record.
 */
function sourceTarget(text: string, span: Span, value: string, cursor: Cursor): Target {
  const source = text.slice(span.start, span.end);
  const mark = source[0];
  const quotedScalar = (mark === '"' || mark === "'") && source.length >= 2 && source.endsWith(mark) && !value.startsWith(mark);
  return { text: source, offset: span.start, inner: quotedScalar ? { start: 1, end: source.length - 1 } : undefined, cursor };
}

const NO_REGEXES: Compiled[] = [];

/** Expressions that match where any of a list does, by the list's sources and flags; null where none can be made. */
const combined = new Map<string, RegExp | null>();

/**
 * One expression for several (`(?:a)|(?:b)`), to test a text once instead of once per
 * expression. Only for expressions with the same flags and no backreferences (group numbers
 * and names would clash); a test, never used to locate matches.
 */
function anyOf(regexes: readonly Compiled[]): RegExp | undefined {
  if (regexes.length < 2) return undefined;
  const flags = regexes[0].re.flags.replace(/[gy]/g, '');
  const key = `${flags}\u0000${regexes.map((r) => r.re.source).join('\u0000')}`;
  let any = combined.get(key);
  if (any === undefined) {
    any = null;
    if (regexes.every((r) => r.re.flags.replace(/[gy]/g, '') === flags && !/\\[1-9]|\\k</.test(r.re.source))) {
      try {
        any = new RegExp(regexes.map((r) => `(?:${r.re.source})`).join('|'), flags);
      } catch {
        any = null;
      }
    }
    combined.set(key, any);
  }
  return any ?? undefined;
}

function scan(message: string | undefined, ctx: CheckContext, search: Search, target: Target): void {
  stepTowardsDeadline(ctx.eval);
  // HTML comments in Markdown are not prose: blanked (offsets kept), so one inside a phrase does not break it.
  // A check that reads comments still skips fixture markers and waivers.
  const text =
    ctx.doc.form === 'markdown' && target.text.includes('<!--')
      ? target.text.replace(search.comments ? TOOLING_COMMENT : HTML_COMMENT, (c) => ' '.repeat(c.length))
      : target.text;
  const quiet = ctx.eval.quiet;
  if (quiet?.has(search, text)) return;
  // Most texts hold nothing: each pass is tried once, and only a text where one finds something is reported on.
  const regexes = mayMatch(search, text) ? search.regexes : NO_REGEXES;
  const words = search.words && wordPass(search.words, text);
  const phrases = search.phrases && wordPass(search.phrases, text);
  if (regexes.length === 0 && !words?.found.length && !phrases?.found.length) {
    quiet?.add(search, text);
    return;
  }
  report(message, ctx, search, target, text, regexes, [words, phrases]);
}

/** Can one of the search's expressions match the text? One test for all of them, where they could be combined. */
function mayMatch(search: Search, text: string): boolean {
  if (search.anyRegex) return search.anyRegex.test(text);
  if (search.regexes.length !== 1) return search.regexes.length > 0;
  const { re } = search.regexes[0];
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/** One pass of a phrase matcher over a text's words: the words, and what it finds among all of them. */
interface WordPass {
  matcher: PhraseMatcher;
  tokens: Token[];
  found: PhraseMatch[];
}

function wordPass(matcher: PhraseMatcher, text: string): WordPass {
  // Most texts hold none of the entries, and are passed over without reading their words.
  if (!matcher.mayOccurIn(text)) return { matcher, tokens: [], found: [] };
  const tokens = tokenize(text, matcher.form);
  return { matcher, tokens, found: matcher.scan(tokens) };
}

/** Reports what the passes find in `text`, each occurrence once, none in someone else's words. */
function report(
  message: string | undefined,
  ctx: CheckContext,
  search: Search,
  target: Target,
  text: string,
  regexes: readonly Compiled[],
  wordPasses: ReadonlyArray<WordPass | undefined>,
): void {
  const { offset, cursor, inner } = target;
  let others: Range[] | undefined;
  const othersOf = (): Range[] => (others ??= search.organisation ? othersIn(text, inner, ctx.doc.blockquotes, offset ?? 0) : []);
  // What earlier passes (the words regex, each pattern, the phrases) reported, sorted: a later pass skips what overlaps it.
  let reported: Range[] = [];
  let pass: Range[] = [];
  const nextPass = () => {
    if (pass.length > 0) reported = [...reported, ...pass].sort((a, b) => a.start - b.start);
    pass = [];
  };
  const emit = (start: number, end: number, match: string): void => {
    if (overlapsRanges(othersOf(), start, end) || overlapsRanges(reported, start, end)) return;
    pass.push({ start, end });
    const at = offset !== undefined ? { start: offset + start, end: offset + end } : ctx.doc.map.locate(cursor.path).span;
    ctx.emit({ span: at, path: cursor.path, message: renderMessage(message ?? ctx.rule.message, cursor, ctx.eval, { match }) });
  };
  for (const { re } of regexes) {
    nextPass();
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      stepTowardsDeadline(ctx.eval);
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      emit(m.index, m.index + m[0].length, m[0].replace(/\s+/g, ' '));
    }
  }
  for (const wordPass of wordPasses) {
    if (!wordPass) continue;
    nextPass();
    const { matcher, tokens } = wordPass;
    let found = wordPass.found;
    // Leaving out quoted words can only remove matches (or shorten them): scan again only when there were some.
    const excluded = found.length > 0 && search.organisation ? insideRanges(othersOf()) : undefined;
    if (excluded) found = matcher.scan(tokens, { excluded });
    for (const m of found) {
      const start = tokens[m.from].start;
      const end = tokens[m.to - 1].end;
      // The words as written, without emphasis marks or line breaks: "aim to" for "**aim** to".
      emit(start, end, text.slice(start, end).replace(EMPHASIS, '').replace(/\s+/g, ' '));
    }
  }
}
