#!/usr/bin/env bash
# Runs the web-page suite (officer console and service desk) in headless Chromium against a real
# portal from target/debug (build it first). The citizen's wallets keep their keys in the
# kernel's session keyring, so everything runs inside `keyctl session -`. Arguments go to pytest.
# Screenshots land in out/web.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1
exec keyctl session - .venv/bin/python -m pytest -p no:cacheprovider -q tests/web "$@"
