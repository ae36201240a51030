#!/bin/sh
# Runs before `npm test` (pretest): when this machine lacks a command the tests run, or the npm
# dependencies, say so once, with the one command that fixes it, instead of letting many tests fail.
# Shell built-ins only, so it answers even with a bare PATH.
cd "${0%/*}/.." || exit 1
missing=''
while read -r command package; do
  case $command in
    '' | '#'*) continue ;;
    python3-module:*) /usr/bin/python3 -c "import ${command#python3-module:}" >/dev/null 2>&1 ;;
    *) command -v "$command" >/dev/null 2>&1 ;;
  esac || missing="$missing $command ($package)"
done <scripts/system-packages.txt
[ -x node_modules/.bin/node ] || missing="$missing node_modules/.bin/node (npm ci)"
if [ -n "$missing" ]; then
  echo "npm test: this machine lacks what the tests run:$missing. Run \`npm run setup\` once, then \`npm test\` again." >&2
  exit 1
fi
