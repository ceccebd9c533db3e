#!/bin/sh
# A stand-in "VS Code executable" for the standard test runners, so they never download VS Code:
#   @vscode/test-electron: runTests({ vscodeExecutablePath: '<abs>/test/e2e/harness/code-shim.sh',
#                                     extensionDevelopmentPath, extensionTestsPath, launchArgs: [workspace] })
#   @vscode/test-cli:      useInstallation: { fromPath: '<abs>/test/e2e/harness/code-shim.sh' }
# The runner spawns this with VS Code's CLI flags (--extensionDevelopmentPath=…, --extensionTestsPath=…,
# workspace folder, plus flags that are ignored); run-in-code-server.cjs runs the tests in code-server
# and this exits with the tests' exit code. Env as for run-in-code-server.cjs.
here=$(cd "$(dirname "$0")" && pwd)
if command -v node >/dev/null 2>&1; then node=node
elif [ -n "${NODE24_BIN:-}" ]; then node="$NODE24_BIN/node"
else echo "code-shim.sh: no node on PATH and NODE24_BIN unset" >&2; exit 2
fi
exec "$node" "$here/run-in-code-server.cjs" "$@"
