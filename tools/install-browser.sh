#!/usr/bin/env bash
# Installs the browser for the browser tests from Debian's packages: chromium and its matching
# chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver). Does nothing when both are there.
# Never downloads a browser or a driver from anywhere else (the tests also stop Selenium Manager
# from doing so by naming both binaries).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
  echo "install-browser: $CHROMIUM and $CHROMEDRIVER are installed; nothing to do"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM or $CHROMEDRIVER is missing and there is no apt-get;" \
       "install Debian's (or your distribution's) chromium and chromium-driver packages" >&2
  exit 2
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-browser: not root and no sudo; run as root:" \
         "apt-get install chromium chromium-driver" >&2
    exit 2
  fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: ${SUDO[*]:+${SUDO[*]} }apt-get update"
"${SUDO[@]}" apt-get update -qq
echo "install-browser: ${SUDO[*]:+${SUDO[*]} }apt-get install -y --no-install-recommends chromium chromium-driver"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends chromium chromium-driver

for bin in "$CHROMIUM" "$CHROMEDRIVER"; do
  if [ ! -x "$bin" ]; then
    echo "install-browser: $bin is still missing after the install" >&2
    exit 1
  fi
done
echo "install-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium); $("$CHROMEDRIVER" --version 2>/dev/null | head -n1)"
