#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a throw-away, unlocked
# GNOME Keyring, so keychain tests are real and never touch a developer's own
# keyring. Usage: test/keyring-session.sh COMMAND [ARGS…]
set -euo pipefail
if [[ ${MILLWRIGHT_TEST_KEYRING:-} == 1 ]]; then exec "$@"; fi
for bin in dbus-run-session gnome-keyring-daemon; do
  command -v "$bin" >/dev/null || { echo "missing $bin: apt-get install -y dbus gnome-keyring libsecret-1-dev" >&2; exit 1; }
done
export MILLWRIGHT_TEST_HOME
MILLWRIGHT_TEST_HOME=$(mktemp -d)
trap 'rm -rf "$MILLWRIGHT_TEST_HOME"' EXIT
dbus-run-session -- bash -c '
  export HOME="$MILLWRIGHT_TEST_HOME" XDG_DATA_HOME="$MILLWRIGHT_TEST_HOME/.local/share" XDG_STATE_HOME="$MILLWRIGHT_TEST_HOME/.local/state"
  export MILLWRIGHT_TEST_KEYRING=1
  printf %s millwright-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"' bash "$@"
