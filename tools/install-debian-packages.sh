#!/usr/bin/env bash
# Installs Debian packages the project's tools need (e.g. `wrk` for `make bench`), with
# apt-get as root or through sudo. Does nothing for packages already installed.
set -euo pipefail

missing=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-debian-packages: no apt-get; install ${missing[*]} yourself" >&2
  exit 2
fi
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-debian-packages: not root and no sudo; run as root:" \
         "apt-get install ${missing[*]}" >&2
    exit 2
  fi
fi
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
