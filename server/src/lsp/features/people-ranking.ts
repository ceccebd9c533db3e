import { CompletionItemKind, type CompletionItem, type Range } from 'vscode-languageserver';
import type { Project } from '../../core/index.js';

/** Which rule says which roles a list of people needs: the rule's own `roles` option, as configured. */
const ROLE_RULES: Record<string, string> = {
  advocates: 'advocate-required',
  approvers: 'cco-signoff-major',
};

/** The roles the people of `field` should hold (advocates: customer advocates; approvers: the CCO or a CX director). */
export function rolesWanted(project: Project, file: string, field: string): string[] {
  const rule = ROLE_RULES[field];
  if (!rule) return [];
  try {
    const roles = project.ruleOptions(rule, file).roles;
    return Array.isArray(roles) ? roles.map((r) => String(r).toLowerCase()) : [];
  } catch {
    // A configuration that does not load gives no ranking; its diagnostics say why.
    return [];
  }
}

type PeopleIndex = NonNullable<ReturnType<Project['registries']>['people']>;

/** People from the registry, those holding a wanted role first (and preselected), each once. */
export function rankPeople(index: PeopleIndex | undefined, wanted: readonly string[], range: Range): CompletionItem[] {
  if (!index) return [];
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const key of index.keys()) {
    const person = index.find(key)!;
    const label = person.name ?? person.id!;
    if (seen.has(label)) continue;
    seen.add(label);
    const fits = person.roles.some((r) => wanted.includes(r));
    out.push({
      label,
      kind: CompletionItemKind.Value,
      detail: [person.roles.join(', '), person.function].filter(Boolean).join(' · ') || undefined,
      sortText: `${fits ? '0' : '1'}${label.toLowerCase()}`,
      filterText: label,
      textEdit: { range, newText: label },
    });
  }
  const best = out.filter((i) => i.sortText!.startsWith('0')).sort((a, b) => a.sortText!.localeCompare(b.sortText!))[0];
  if (best) best.preselect = true;
  return out;
}
