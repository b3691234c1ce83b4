#!/usr/bin/env bash
# Installs Debian's prometheus package (which ships promtool) when promtool is missing.
# test/e2e/observability/promtool.test.ts validates a live /metrics scrape with
# `promtool check metrics`; without promtool it says it is skipped locally, and fails in
# CI (CI set), naming this script.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "promtool is missing; install Debian's 'prometheus' package as root (apt-get install prometheus)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "promtool is missing and apt-get is not available; install promtool from https://prometheus.io/download/" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the package from starting a Prometheus server on this machine. Container
# images often ship one already: it is kept as it was, and only a file made here is removed.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  ${as_root[@]+"${as_root[@]}"} sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  trap '${as_root[@]+"${as_root[@]}"} rm -f "$policy"' EXIT
fi
${as_root[@]+"${as_root[@]}"} apt-get update -qq
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
if ! command -v promtool >/dev/null 2>&1; then
  echo "the prometheus package was installed but promtool is not on PATH" >&2
  exit 1
fi
echo "promtool installed: $(promtool --version 2>&1 | head -n 1)"
