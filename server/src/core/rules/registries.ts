import { isMap } from './paths.js';
import type { PlaceholderMatcher } from './placeholders.js';
import { textOf } from './values.js';

export interface Person {
  id?: string;
  name?: string;
  function?: string;
  roles: string[];
}

/** The people registry, looked up by id or exact name (case-insensitive). */
export class PeopleIndex {
  private readonly byKey = new Map<string, Person>();

  constructor(
    readonly file: string,
    data: unknown,
  ) {
    const list = isMap(data) && Array.isArray(data.people) ? data.people : [];
    for (const entry of list) {
      if (!isMap(entry)) continue;
      const person: Person = {
        id: textOf(entry.id) || undefined,
        name: textOf(entry.name) || undefined,
        function: textOf(entry.function) || undefined,
        roles: Array.isArray(entry.roles) ? entry.roles.map((r) => textOf(r).toLowerCase()) : [],
      };
      for (const key of [person.id, person.name]) if (key) this.byKey.set(key.trim().toLowerCase(), person);
    }
  }

  find(nameOrId: string): Person | undefined {
    return this.byKey.get(nameOrId.trim().toLowerCase());
  }

  get size(): number {
    return this.byKey.size;
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Every id and name as the registry spells them. */
  names(): string[] {
    const out = new Set<string>();
    for (const p of this.byKey.values()) for (const key of [p.id, p.name]) if (key) out.add(key.trim());
    return [...out];
  }
}

export interface RegisteredPromise {
  id: string;
  entry: Record<string, unknown>;
  index: number;
}

/** The promise register, looked up by id (exact). */
export class PromiseIndex {
  private readonly byId = new Map<string, RegisteredPromise>();

  constructor(
    readonly file: string,
    data: unknown,
  ) {
    const list = isMap(data) && Array.isArray(data.promises) ? data.promises : [];
    list.forEach((entry, index) => {
      if (isMap(entry) && textOf(entry.id)) this.byId.set(textOf(entry.id).trim(), { id: textOf(entry.id).trim(), entry, index });
    });
  }

  find(id: string): RegisteredPromise | undefined {
    return this.byId.get(id.trim());
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

/** What a workspace's configuration gives rules to look values up in. */
export interface Registries {
  people?: PeopleIndex;
  promises?: PromiseIndex;
  /** The placeholder text of the workspace: Standpoint's own plus the config's `placeholders` (STANDARD_PLACEHOLDERS when absent). */
  placeholders?: PlaceholderMatcher;
}
