// npm's `prepare` hook: builds after `npm install` / `npm ci` in a checkout and when installing from git.
// `npm pack` and `npm publish` run `prepare` right after `prepack`, which has just made the production
// build that goes into the tarball: building again here would replace it with the development build.
import { spawnSync } from 'node:child_process';

if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);
const run = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
