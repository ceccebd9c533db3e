/**
 * The engine's public surface: the only module the hosts (CLI, language server, Node
 * services, VS Code client) import. Everything else under core/ is internal; the lint
 * configuration fails a deep import.
 */

// Facts shared by every host.
export { ConfigError, otherPlaces, SEVERITY_RANK } from './types.js';
export type { ConfigProblem, DocumentRole, Finding, LineRange, PathSegment, RelatedLocation, SafeFix, Severity, SeveritySetting, Span } from './types.js';
export type { EntryKind, Host } from './host.js';
export { OverlayHost } from './overlay-host.js';
export { lazyModule } from './lazy-module.js';
export { RULE_SAFETY } from './rules/safety.js';
export type { PatternVerdict } from './rules/safety.js';
export { LIMITS } from './parse/limits.js';

// Opening a project and linting it.
export { openProject } from './engine/project.js';
export type { Project, RuleSetSelection, SharedProjectParts } from './engine/project.js';
export type { ProjectOptions, RegistryDocument } from './engine/project.js';
export { CONFIG_NAMES } from './config/model.js';
export type { ResolvedConfig } from './config/model.js';
export { readingOptionsFor } from './config/reading.js';
export type { RuleCatalog, RuleSetting } from './config/settings.js';
export { discoverRecords, isInside, isRecordPath } from './engine/discover.js';
export { addFiles, resultOf } from './engine/linter.js';
export type { LintResult, ReadOptions } from './engine/linter.js';
export { LintSession, analyseText, namedRegistries, textHash } from './engine/session.js';
export type { DocumentOutcome, RegistryRole, SessionOptions, SessionResult } from './engine/session.js';
export { stoppedAnalysis } from './engine/analysis.js';
export type { AnalysedFinding, DocumentAnalysis } from './engine/analysis.js';
export { compareFindings, readDocument } from './engine/document-findings.js';
export { sectionPlace, speakOfSection } from './engine/section-place.js';
export type { SectionPlace } from './engine/section-place.js';
export { findingKey, fingerprints } from './engine/fingerprint.js';
export { daysBetween, dueItems } from './engine/due.js';
export type { DueItem, DueKind } from './engine/due.js';
export { applySafeFixes } from './fixes/apply.js';
export type { AppliedFix } from './fixes/apply.js';

// Documents and their model.
export { FACTS_ROOT } from './model/document.js';
export type { DocumentFacts, HeadingFact, ParsedDocument, ReadingOptions, SectionFact } from './model/document.js';
export type { NodeLocation } from './model/source-map.js';
export { keyPath } from './model/source-map.js';
export { LineIndex, lineOfOffset, type LineStarts } from './text/line-index.js';
export { suggest } from './text/nearest.js';
export { findFrontMatter } from './parse/front-matter.js';
export { useMarkdownReader } from './parse/markdown-body.js';
export type { MarkdownReader } from './parse/markdown-body.js';
export { knownSections, sectionFor } from './parse/markdown-sections.js';
export type { KnownSection } from './parse/markdown-sections.js';
export { allStrings, isMap } from './rules/paths.js';
export { addToDate, dateOf, isPresent, textOf } from './rules/values.js';
export { FILL_IN, PlaceholderMatcher, STANDARD_PLACEHOLDERS } from './rules/placeholders.js';
export { KINDS, nextIds, recordTemplate } from './templates.js';
export type { Kind, NewIds } from './templates.js';

// Rules: loading, documenting, compiling and testing them.
export type { Rule } from './rules/definition.js';
export type { RuleWarning } from './rules/path-warnings.js';
export { loadRuleFile, loadRules } from './rules/loader.js';
export { renderRuleMarkdown, waiverLine } from './rules/rule-docs.js';
export { compileRules } from './rules/compiled.js';
export { isWaivable } from './checks/registry.js';
export { renderRuleSchema } from './rules/rule-schema.js';
export { SchemaRegistry, createAjv } from './schema/validator.js';
export { schemaAt } from './schema/schema-at.js';
export { precompiledFileName, schemaSetHash } from './schema/precompiled.js';
export { RuleTester, isStructuralGap, ruleFolder } from './rule-testing/rule-tests.js';
export type { CaseOutcome, CoverageGap, DiffLine, RuleTestOptions, RuleTestResult } from './rule-testing/rule-tests.js';
export { listFixtures } from './rule-testing/run-fixtures.js';
