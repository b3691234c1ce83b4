#!/usr/bin/env bash
# Installs Debian's chromium package when /usr/bin/chromium is missing.
# The browser tests in test/e2e/status/ drive it with playwright-core and fail, naming this
# script, when it is absent. Debian's build is used rather than Playwright's download so the
# tests need no network access once the package is installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "chromium is missing; install Debian's 'chromium' package as root (apt-get install chromium)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium is missing and apt-get is not available; install Chromium so that /usr/bin/chromium exists" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
${as_root[@]+"${as_root[@]}"} apt-get update -qq
# fonts-dejavu-core: headless Chromium needs at least one font to draw text on screenshots.
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
if [ ! -x /usr/bin/chromium ]; then
  echo "the chromium package was installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
