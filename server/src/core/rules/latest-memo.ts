/**
 * What was worked out about one object, the last one asked about: the memo of a document's
 * selections while its rules run. Rules read one document whole before the next, so an entry
 * for every document would never be hit again; and a WeakMap's entries are kept, with all they
 * reach, until V8's next full collection (its young-generation collector treats them as
 * strong), so every document's model and selections would outlive it into the old generation.
 */
export class LatestMemo<K extends object, V> {
  private key: K | undefined;
  private value: V | undefined;

  /** The value kept for `key`, if it is the object last set. */
  get(key: K): V | undefined {
    return this.key === key ? this.value : undefined;
  }

  set(key: K, value: V): void {
    this.key = key;
    this.value = value;
  }
}
