#!/usr/bin/env bash
# The compilers the fix tests check fixed Go and Java code with (gofmt, go vet, javac),
# from Debian's packages. Idempotent: installs only what is missing. The tests skip those
# checks with a note when a toolchain is absent outside CI, and fail when CI is set.
set -euo pipefail
missing=()
command -v go >/dev/null 2>&1 && command -v gofmt >/dev/null 2>&1 || missing+=(golang-go)
command -v javac >/dev/null 2>&1 || missing+=(default-jdk-headless)
if [ ${#missing[@]} -eq 0 ]; then
	echo "toolchains: go $(go version | awk '{print $3}'), $(javac -version 2>&1)"
	exit 0
fi
sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
echo "toolchains: installing ${missing[*]}"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
