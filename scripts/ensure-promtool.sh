#!/usr/bin/env bash
# Installs Debian's prometheus package (which ships promtool) when promtool is missing.
# The metrics test validates a live /metrics scrape with `promtool check metrics`.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "promtool is missing; install Debian's 'prometheus' package (apt-get install prometheus)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps the package from starting a Prometheus server on this machine.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
command -v promtool >/dev/null
