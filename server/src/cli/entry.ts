// What bin/standpoint.js runs: bundled into dist/cli.cjs by scripts/build.mjs, so start-up
// loads one file instead of resolving a hundred ES modules.
export { main } from './main.js';
export { useEnvironmentSnapshot } from '../node/environment.js';
export { useModuleLoader } from '../node/node-host.js';
