#!/usr/bin/env bash
# `npm run setup`: everything `npm test` needs on a Debian or Ubuntu machine, once. Installs the Debian
# packages of the commands the tests run (scripts/system-packages.txt) that are missing, then the npm
# dependencies from the lockfile (`npm ci`), which include the project's own Node 24. CI runs this too.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
present() {
  case $1 in
    python3-module:*) /usr/bin/python3 -c "import ${1#python3-module:}" >/dev/null 2>&1 ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
  esac
}
while read -r command package; do
  case $command in '' | '#'*) continue ;; esac
  if ! present "$command" && [[ " ${missing[*]} " != *" $package "* ]]; then
    missing+=("$package")
  fi
done <scripts/system-packages.txt

if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: this is not a Debian-based system; install these packages (Debian names) yourself: ${missing[*]}" >&2
    exit 1
  fi
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "== installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== npm ci"
npm ci --no-audit --no-fund
