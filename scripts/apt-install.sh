#!/usr/bin/env bash
# Installs Debian packages for the test suite: `apt-install.sh WHAT PACKAGE...`, where WHAT
# names the missing command for the error messages. As root, or through passwordless sudo.
# A policy-rc.d keeps the packages from starting services on this machine (the tests start
# their own servers); one the machine already has is kept as it was, and only a file made
# here is removed.
set -euo pipefail
what=$1
shift

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "$what is missing; install Debian's '$*' package(s) as root (apt-get install $*)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$what is missing and apt-get is not available; install $* by other means" >&2
  exit 1
fi

policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  ${as_root[@]+"${as_root[@]}"} sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
  trap '${as_root[@]+"${as_root[@]}"} rm -f "$policy"' EXIT
fi
${as_root[@]+"${as_root[@]}"} apt-get update -qq
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
