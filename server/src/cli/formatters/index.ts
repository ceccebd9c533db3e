import { github } from './github.js';
import { json, jsonChunks } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { prComment } from './pr-comment.js';
import { rdjson } from './rdjson.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { ChunkedFormatter, FormatName, Formatter } from './types.js';

export const FORMATTERS: Record<FormatName, Formatter> = { stylish, json, sarif, github, junit, markdown, rdjson, 'pr-comment': prComment };

/** Formats whose text can be very large, written as it is made (same text as FORMATTERS). */
export const CHUNKED_FORMATTERS: Partial<Record<FormatName, ChunkedFormatter>> = { json: jsonChunks };
