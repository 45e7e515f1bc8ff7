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

echo "install-browser: installing Debian's chromium and chromium-driver"
"$(dirname "$0")/install-debian-packages.sh" chromium chromium-driver

for bin in "$CHROMIUM" "$CHROMEDRIVER"; do
  if [ ! -x "$bin" ]; then
    echo "install-browser: $bin is still missing after the install" >&2
    exit 1
  fi
done
echo "install-browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium); $("$CHROMEDRIVER" --version 2>/dev/null | head -n1)"
