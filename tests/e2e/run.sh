#!/usr/bin/env bash
# Runs the WebDriver suite against the real app window: a virtual display (Xvfb), a D-Bus
# session, and a kernel keyring session (the wallet's keystore). Arguments go to pytest.
# Screenshots and logs land in out/e2e.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
exec xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
  keyctl session - .venv/bin/python -m pytest -p no:cacheprovider -q tests/e2e "$@"
