#!/usr/bin/env node
// Posts a pull-request comment once and edits it on every later run, so a pull request carries one
// Standpoint summary however often the workflow runs. Shipped with the GitHub Action (action.yml).
//
//   node scripts/upsert-pr-comment.mjs BODY_FILE
//
// The body must contain the marker (`standpoint check --format pr-comment` starts with it): the
// comment that already holds it is edited (PATCH), else a new one is created (POST).
// Environment (a GitHub Actions runner sets all but the token):
//   GITHUB_TOKEN        token allowed to write pull-request comments (`pull-requests: write`)
//   GITHUB_REPOSITORY   owner/name
//   GITHUB_API_URL      REST API base (default https://api.github.com; GitHub Enterprise sets its own)
//   GITHUB_EVENT_PATH   the event payload, for the pull request's number
//   PR_NUMBER           the pull request's number, when the event is not about one
//   STANDPOINT_COMMENT_MARKER  another marker (default <!-- standpoint:pr-comment -->)
//   GITHUB_OUTPUT       when set, receives comment-id=… and comment-url=…
// Exit codes: 0 posted, updated, or nothing to do (not a pull request); 1 the API refused; 2 usage.
// Uses Node's own fetch: no dependency to install in the action.
import fs from 'node:fs';

const MARKER = process.env.STANDPOINT_COMMENT_MARKER || '<!-- standpoint:pr-comment -->';
const PER_PAGE = 100;

function fail(code, message) {
  process.stderr.write(`upsert-pr-comment: ${message}\n`);
  process.exit(code);
}

/** The pull request's number: PR_NUMBER, else the event payload's pull request (or issue that is one). */
function pullRequestNumber() {
  if (process.env.PR_NUMBER) {
    if (!/^[1-9]\d*$/.test(process.env.PR_NUMBER)) fail(2, `PR_NUMBER must be a pull request number, got "${process.env.PR_NUMBER}"`);
    return Number(process.env.PR_NUMBER);
  }
  const file = process.env.GITHUB_EVENT_PATH;
  if (!file || !fs.existsSync(file)) return undefined;
  const event = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (event.pull_request?.number) return event.pull_request.number;
  if (event.issue?.pull_request && event.issue.number) return event.issue.number;
  return undefined;
}

async function api(method, url, token, body) {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'user-agent': 'standpoint-action',
      'x-github-api-version': '2022-11-28',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) fail(1, `${method} ${url}: ${response.status} ${response.statusText}${text ? `: ${text.slice(0, 500)}` : ''}`);
  return text ? JSON.parse(text) : undefined;
}

/** The first comment on the pull request that carries the marker, looking through every page. */
async function findComment(base, number, token) {
  for (let page = 1; ; page++) {
    const comments = await api('GET', `${base}/issues/${number}/comments?per_page=${PER_PAGE}&page=${page}`, token);
    const found = comments.find((c) => typeof c.body === 'string' && c.body.includes(MARKER));
    if (found) return found;
    if (comments.length < PER_PAGE) return undefined;
  }
}

const [bodyFile, ...extra] = process.argv.slice(2);
if (!bodyFile || extra.length > 0) fail(2, 'usage: upsert-pr-comment.mjs BODY_FILE');
if (!fs.existsSync(bodyFile)) fail(2, `${bodyFile}: no such file`);
const body = fs.readFileSync(bodyFile, 'utf8');
if (!body.includes(MARKER)) fail(2, `${bodyFile} does not contain the marker ${MARKER}: write it with standpoint check --format pr-comment`);
const token = process.env.GITHUB_TOKEN;
if (!token) fail(2, 'GITHUB_TOKEN is not set (the action passes its github-token input)');
const repository = process.env.GITHUB_REPOSITORY;
if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) fail(2, `GITHUB_REPOSITORY must be owner/name, got "${repository ?? ''}"`);

const number = pullRequestNumber();
if (number === undefined) {
  process.stdout.write('upsert-pr-comment: this run is not for a pull request; no comment posted\n');
  process.exit(0);
}
const base = `${(process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')}/repos/${repository}`;
try {
  const existing = await findComment(base, number, token);
  const comment = existing
    ? await api('PATCH', `${base}/issues/comments/${existing.id}`, token, { body })
    : await api('POST', `${base}/issues/${number}/comments`, token, { body });
  process.stdout.write(`upsert-pr-comment: ${existing ? 'updated' : 'posted'} ${comment.html_url ?? `comment ${comment.id}`}\n`);
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, `comment-id=${comment.id}\ncomment-url=${comment.html_url ?? ''}\n`);
} catch (err) {
  // fetch rejects when the API cannot be reached at all (DNS, refused connection, TLS).
  fail(1, `${base}: ${err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ''}` : String(err)}`);
}
