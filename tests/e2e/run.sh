#!/usr/bin/env bash
# Runs the WebDriver suite against the real app window on a virtual display (Xvfb). The suite
# starts its own desktop session (D-Bus and GNOME Keyring, the wallet's keystore) so it can reboot
# it (tests/e2e/harness.py). Arguments go to pytest. Screenshots and logs land in out/e2e.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
exec xvfb-run -a -s "-screen 0 1280x1024x24" \
  .venv/bin/python -m pytest -p no:cacheprovider -q tests/e2e "$@"
