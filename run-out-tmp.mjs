import { useEnvironmentSnapshot } from './out/server/src/node/environment.js';
import { main } from './out/server/src/cli/main.js';
useEnvironmentSnapshot();
process.exitCode = await main(process.argv.slice(2));
