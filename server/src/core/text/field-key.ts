/**
 * A field name compared loosely, as Markdown header bullets are read and as rule paths match
 * the fields of documents that are not decision records: case-insensitive, spaces, hyphens and
 * underscores the same, other punctuation dropped. `Start Date`, `start-date` and `START_DATE`
 * are all `start_date`; `Author(s)` is `authors`; `RFC PR #` is `rfc_pr`.
 */
export function fieldKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/[\s_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
