#!/usr/bin/env bash
# Installs Debian's redis-server package when redis-server is missing. The state store and
# replica tests start their own redis-server on 127.0.0.1 with a free port and fail, naming
# this script, when it is absent.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" redis-server redis-server
if ! command -v redis-server >/dev/null 2>&1; then
  echo "the redis-server package was installed but redis-server is not on PATH" >&2
  exit 1
fi
echo "redis-server installed: $(redis-server --version 2>&1 | head -n 1)"
