#!/usr/bin/env bash
# Installs Debian's redis-server package when redis-server is missing.
# The state store tests (test/src/state/) start their own redis-server on 127.0.0.1 with a
# free port and fail, naming this script, when redis-server is absent.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "redis-server is missing; install Debian's 'redis-server' package as root (apt-get install redis-server)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "redis-server is missing and apt-get is not available; install Redis from https://redis.io/downloads/" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the package from starting a Redis service on this machine (the tests run
# their own). Container images often ship one already: it is kept as it was, and only a file
# made here is removed.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  ${as_root[@]+"${as_root[@]}"} sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  trap '${as_root[@]+"${as_root[@]}"} rm -f "$policy"' EXIT
fi
${as_root[@]+"${as_root[@]}"} apt-get update -qq
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
if ! command -v redis-server >/dev/null 2>&1; then
  echo "the redis-server package was installed but redis-server is not on PATH" >&2
  exit 1
fi
echo "redis-server installed: $(redis-server --version 2>&1 | head -n 1)"
