import { useEnvironmentSnapshot } from '../node/environment.js';
import { startServer } from './server.js';

// Started by the VS Code extension (IPC) or by `standpoint lsp --stdio` for any LSP client.
useEnvironmentSnapshot();
startServer();
