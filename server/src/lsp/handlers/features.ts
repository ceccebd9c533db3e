import { codeActions } from '../features/code-actions.js';
import { completion } from '../features/completion.js';
import type { FeatureContext } from '../features/context.js';
import { hover } from '../features/hover.js';
import { definition, references } from '../features/navigation.js';
import { ruleCodeLenses } from '../features/rule-lens.js';
import { documentSymbols } from '../features/symbols.js';
import { uriToPath } from '../convert.js';
import { checkedCodeActionParams } from './code-action-params.js';
import type { ServerContext } from './context.js';

/** The language features, each answering for open documents only. */
export function registerFeatures(ctx: ServerContext): void {
  const { connection } = ctx;
  const feature = guarded(ctx);
  connection.onCodeAction(
    feature('code actions', [], (doc, params) => {
      const checked = checkedCodeActionParams(params, doc.document);
      return checked ? codeActions(doc, checked) : [];
    }),
  );
  connection.onHover(feature('hover', null, (doc, p) => hover(doc, p.position)));
  connection.onCompletion(feature('completion', [], (doc, p) => completion(doc, p.position)));
  connection.onDocumentSymbol(feature('symbols', [], (doc) => documentSymbols(doc)));
  connection.onDefinition(feature('definition', null, (doc, p) => definition(doc, p.position)));
  connection.onReferences(feature('references', [], (doc, p) => references(doc, p.position)));
  connection.onCodeLens(feature('code lens', [], (doc) => ruleCodeLenses(doc)));
}

/** Wraps a feature: guarded, and answering `fallback` for documents it does not know or does not parse here. */
function guarded(ctx: ServerContext) {
  const docFor = (uri: string): FeatureContext | undefined => {
    const file = uriToPath(uri);
    const document = ctx.documents.get(uri);
    if (!file || !document) return undefined;
    // A document too large or too slow to parse on this thread is not parsed for a feature either.
    const workspace = ctx.ws();
    return workspace.onThisThread(file, document.getText()) ? { file, document, workspace, snippets: ctx.snippetEdits } : undefined;
  };
  return <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, run: (doc: FeatureContext, params: P) => R) =>
    (params: P): R =>
      ctx.safely(
        name,
        () => {
          const doc = docFor(params.textDocument.uri);
          return doc ? run(doc, params) : fallback;
        },
        fallback,
      ) as R;
}
