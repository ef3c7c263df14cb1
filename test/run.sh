#!/usr/bin/env bash
# The project's test command (`npm test`): typecheck, build, then every vitest
# suite inside a private keychain session.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent typecheck
npx electron-vite build >/dev/null
exec test/keyring-session.sh npx vitest run "$@"
