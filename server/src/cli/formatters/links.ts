import path from 'node:path';

/** What the formats read of the environment: where the code lives, on GitHub Actions. */
export const FORMAT_ENVIRONMENT = ['GITHUB_SERVER_URL', 'GITHUB_REPOSITORY', 'GITHUB_SHA', 'GITHUB_WORKSPACE'] as const;

/**
 * Links to a file's line on the code host, when the run knows where the code lives:
 * GitHub Actions sets GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA and GITHUB_WORKSPACE.
 * Elsewhere there is nothing to link to and the result is undefined.
 */
export function sourceLinker(env: NodeJS.ProcessEnv = process.env): (file: string, line: number) => string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  const sha = env.GITHUB_SHA;
  const workspace = env.GITHUB_WORKSPACE;
  if (!server || !repo || !sha || !workspace) return () => undefined;
  return (file, line) => {
    const rel = path.relative(workspace, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    const url = rel.split(path.sep).map(encodeURIComponent).join('/');
    return `${server.replace(/\/$/, '')}/${repo}/blob/${sha}/${url}#L${line}`;
  };
}

/** Only web links are worth showing in a comment; a team rule's file:// URL is not. */
export function isWebLink(url: string | undefined): url is string {
  return Boolean(url && /^https?:\/\//.test(url));
}
