/* The inline tree while the inline reader builds it: its nodes, and the delimiter runs and brackets that rearrange them. */

export type Kind = 'root' | 'text' | 'break' | 'inlineCode' | 'emphasis' | 'strong' | 'link' | 'image' | 'html';

/** A node of the inline tree while it is built: children in a linked list, as emphasis and links move them. */
export class Inline {
  parent: Inline | undefined;
  first: Inline | undefined;
  last: Inline | undefined;
  prev: Inline | undefined;
  next: Inline | undefined;
  url = '';
  title: string | null = null;

  constructor(
    readonly kind: Kind,
    /** Start and end in the content text. */
    public start: number,
    public end: number,
    public value = '',
  ) {}

  append(child: Inline): void {
    child.unlink();
    child.parent = this;
    if (this.last) {
      this.last.next = child;
      child.prev = this.last;
    } else this.first = child;
    this.last = child;
  }

  insertAfter(sibling: Inline): void {
    sibling.unlink();
    sibling.parent = this.parent;
    sibling.next = this.next;
    sibling.prev = this;
    if (this.next) this.next.prev = sibling;
    else if (this.parent) this.parent.last = sibling;
    this.next = sibling;
  }

  unlink(): void {
    if (this.prev) this.prev.next = this.next;
    else if (this.parent) this.parent.first = this.next;
    if (this.next) this.next.prev = this.prev;
    else if (this.parent) this.parent.last = this.prev;
    this.parent = this.prev = this.next = undefined;
  }
}

/** A run of `*` or `_` that may open or close emphasis. */
export interface Delimiter {
  node: Inline;
  marker: number;
  /** Markers left in the run (micromark's rule of three counts these, not the run as written). */
  count: number;
  canOpen: boolean;
  canClose: boolean;
  prev: Delimiter | undefined;
  next: Delimiter | undefined;
}

/** A `[` or `![` waiting for its `]`. */
export interface Bracket {
  node: Inline;
  prev: Bracket | undefined;
  prevDelimiter: Delimiter | undefined;
  image: boolean;
  active: boolean;
}
