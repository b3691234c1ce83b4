#!/usr/bin/env bash
# Installs Debian's prometheus package (which ships promtool) when promtool is missing.
# test/e2e/observability/promtool.test.ts validates a live /metrics scrape with
# `promtool check metrics`; without promtool it says it is skipped locally, and fails in
# CI (CI set), naming this script.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then exit 0; fi

bash "$(dirname "$0")/apt-install.sh" promtool prometheus
if ! command -v promtool >/dev/null 2>&1; then
  echo "the prometheus package was installed but promtool is not on PATH" >&2
  exit 1
fi
echo "promtool installed: $(promtool --version 2>&1 | head -n 1)"
