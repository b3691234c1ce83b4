#!/usr/bin/env bash
# Installs Debian's chromium package when /usr/bin/chromium is missing. The browser tests in
# test/e2e/status/ drive it with playwright-core and fail, naming this script, when it is
# absent. Debian's build is used rather than Playwright's download so the tests need no
# network access once the package is installed. fonts-dejavu-core: headless Chromium needs
# at least one font to draw text on screenshots.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" chromium chromium fonts-dejavu-core
if [ ! -x /usr/bin/chromium ]; then
  echo "the chromium package was installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
