import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A local stand-in for the part of GitHub's REST API that comments on pull requests: list an
 * issue's comments (paginated), create one, edit one. It runs in a child process, because the
 * action's steps are run with spawnSync, which would block a server in the test's own process.
 * Every request is recorded, so a test can assert exactly what was sent. No network is used.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  body?: { body?: string };
}

export interface StubComment {
  id: number;
  body: string;
  html_url: string;
}

export interface GithubApiStub {
  /** Base URL to give as GITHUB_API_URL. */
  url: string;
  requests(): RecordedRequest[];
  comments(): StubComment[];
  stop(): Promise<void>;
}

interface StubOptions {
  /** The token requests must carry (`Authorization: Bearer …`); others get 401. */
  token: string;
  /** Comments already on every issue, without the marker (so that finding it needs more than one page). */
  existing?: number;
}

/** Starts the stub in a child process and resolves once it listens. */
export async function startGithubApiStub(options: StubOptions): Promise<GithubApiStub> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standpoint-github-stub-'));
  const log = path.join(dir, 'requests.jsonl');
  const state = path.join(dir, 'comments.json');
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(import.meta.url), log, state, options.token, String(options.existing ?? 0)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the GitHub API stub exited (${code}) before listening`)));
  });
  const read = <T>(file: string, parse: (text: string) => T, empty: T): T => (fs.existsSync(file) ? parse(fs.readFileSync(file, 'utf8')) : empty);
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () =>
      read(
        log,
        (t) =>
          t
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as RecordedRequest),
        [],
      ),
    comments: () => read(state, (t) => JSON.parse(t) as StubComment[], []),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The server itself: `node github-api-stub.js LOG STATE TOKEN EXISTING`. */
function serve(log: string, state: string, token: string, existing: number): void {
  const comments = new Map<string, StubComment[]>();
  let nextId = 1000;
  const thread = (issue: string): StubComment[] => {
    if (!comments.has(issue)) {
      comments.set(
        issue,
        Array.from({ length: existing }, (_, i) => ({ id: nextId++, body: `Looks good to me (${i + 1})`, html_url: `https://github.example/pull/${issue}#c${i}` })),
      );
    }
    return comments.get(issue)!;
  };
  const save = () => fs.writeFileSync(state, JSON.stringify([...comments.values()].flat()));
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += String(d)));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const body = raw ? (JSON.parse(raw) as { body?: string }) : undefined;
      fs.appendFileSync(log, `${JSON.stringify({ method: req.method, path: `${url.pathname}${url.search}`, authorization: req.headers.authorization, body })}\n`);
      const reply = (status: number, data: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(data));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { message: 'Bad credentials' });
      let m: RegExpExecArray | null;
      if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname))) {
        const list = thread(m[1]);
        if (req.method === 'GET') {
          const perPage = Number(url.searchParams.get('per_page') ?? 30);
          const page = Number(url.searchParams.get('page') ?? 1);
          return reply(200, list.slice((page - 1) * perPage, page * perPage));
        }
        if (req.method === 'POST' && typeof body?.body === 'string') {
          const comment = { id: nextId++, body: body.body, html_url: `https://github.example/pull/${m[1]}#issuecomment-${nextId}` };
          list.push(comment);
          save();
          return reply(201, comment);
        }
      }
      if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)) && req.method === 'PATCH' && typeof body?.body === 'string') {
        const comment = [...comments.values()].flat().find((c) => c.id === Number(m![1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = body.body;
        save();
        return reply(200, comment);
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [log, state, token, existing] = process.argv.slice(2);
  serve(log, state, token, Number(existing));
}
