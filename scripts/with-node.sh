#!/usr/bin/env bash
# Runs a command with another Node.js major first on PATH:
#
#   bash scripts/with-node.sh 24 node --version
#   bash scripts/with-node.sh 22 npx vitest run test/config
#
# The npm registry carries Node itself as `node-<os>-<arch>` (the binaries the `node`
# package installs), one version per release, so the only thing this needs is npm and
# the registry, not nodejs.org. The newest release of the major is installed once into
# ${XDG_CACHE_HOME:-~/.cache}/switchyard/node-<major>, outside the repository; delete that
# folder to take a newer patch release. SWITCHYARD_NODE_CACHE moves the cache.
#
# npm_config_nodedir points native builds (node-gyp, e.g. `npm rebuild better-sqlite3`) at
# the headers shipped in the same package, so they compile for this Node without
# downloading headers from nodejs.org.
set -euo pipefail

usage() {
  echo "usage: $0 MAJOR COMMAND [ARGUMENT...]   e.g. $0 24 node --version" >&2
  exit 2
}
[ "$#" -ge 2 ] || usage
major=$1
shift
[[ "$major" =~ ^[1-9][0-9]*$ ]] || usage

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "$0: no Node.js package on the npm registry for $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "$0: no Node.js package on the npm registry for $(uname -m)" >&2; exit 1 ;;
esac
package="node-$os-$arch"

cache=${SWITCHYARD_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchyard}
folder="$cache/node-$major"
home="$folder/node_modules/$package"

# Does the node in $1 run and belong to the wanted major?
is_wanted_node() {
  local version
  version=$("$1/bin/node" --version 2>/dev/null) || return 1
  [[ "$version" == "v$major."* ]]
}

if ! is_wanted_node "$home"; then
  mkdir -p "$cache"
  # Installed into a fresh folder and renamed into place, so a run that breaks off, or
  # two runs at once, never leave a half-installed Node behind in the cache.
  staging=$(mktemp -d "$cache/.node-$major.XXXXXX")
  chmod 755 "$staging"
  trap 'rm -rf "$staging"' EXIT
  echo "with-node: installing $package@$major into $folder" >&2
  npm install --prefix "$staging" --no-save --no-package-lock --ignore-scripts \
    --no-audit --no-fund --loglevel=error "$package@$major" >&2
  if ! is_wanted_node "$staging/node_modules/$package"; then
    echo "$0: $package@$major installed, but its node does not run as Node $major" >&2
    exit 1
  fi
  if is_wanted_node "$home"; then   # another run finished first: keep its copy
    rm -rf "$staging"
  else
    rm -rf "$folder"
    mv "$staging" "$folder"
  fi
  trap - EXIT
fi

export PATH="$home/bin:$PATH"
export npm_config_nodedir="$home"
exec "$@"
