/**
 * Which texts each search found nothing in, remembered between analyses of a document being
 * edited. A keystroke changes one value of a record; every other value comes back as the same
 * text, and most texts hold nothing any search looks for. A search's outcome on a text depends
 * on the two alone, so a text found quiet once is passed over after that.
 *
 * Two generations bound the memory: once the newer has taken `limit` characters it becomes
 * the older, and texts still in use are carried over on their next lookup. Texts are kept as
 * copies, so that they do not keep the documents they were cut from.
 */
export class QuietTexts {
  private newer = new WeakMap<object, Set<string>>();
  private older = new WeakMap<object, Set<string>>();
  private characters = 0;

  constructor(private readonly limit = 4_000_000) {}

  /** Did `search` find nothing in `text` before? */
  has(search: object, text: string): boolean {
    if (this.newer.get(search)?.has(text)) return true;
    if (!this.older.get(search)?.has(text)) return false;
    this.add(search, text);
    return true;
  }

  /** `search` found nothing in `text`. */
  add(search: object, text: string): void {
    if (this.characters + text.length > this.limit) {
      this.older = this.newer;
      this.newer = new WeakMap();
      this.characters = 0;
    }
    let texts = this.newer.get(search);
    if (!texts) {
      texts = new Set();
      this.newer.set(search, texts);
    }
    texts.add(detached(text));
    this.characters += text.length;
  }
}

/**
 * The text as a string of its own. A text cut from a document may share that document's
 * characters; kept as it is, each edit's new text of one value would keep the whole
 * document of that edit alive. Flattening a concatenation copies the characters.
 */
function detached(text: string): string {
  return (' ' + text).slice(1);
}
