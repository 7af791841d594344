#!/usr/bin/env bash
# Installs what eID Wallet needs on a fresh Debian or Ubuntu machine: system packages and a Rust
# toolchain. Safe to run again: it only installs what is missing. Sourced by run.sh and test.sh.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(build-essential pkg-config libssl-dev zbar-tools keyutils postgresql ca-certificates curl
  # Three portals behind a load balancer in the replica-faults test (scripts/portal-cluster.sh).
  haproxy
  python3 python3-venv
  # The wallet's keystore on Linux desktops is the Secret Service (libdbus to reach it); the tests
  # run GNOME Keyring on a private D-Bus session bus, and reboot it.
  libdbus-1-dev dbus-daemon dbus-bin gnome-keyring
  # The Tauri app (WebKitGTK) and its tests: a virtual display, D-Bus, the WebDriver of WebKit,
  # ImageMagick for screenshots of the window.
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev
  libxdo-dev file xvfb xauth webkit2gtk-driver dbus-x11 imagemagick
  # The officer console and the service desk are tested in Debian's real Chromium (tests/web).
  chromium chromium-driver)
# Node.js and npm build the UI; the machine's own (Node 20 or newer) is preferred to Debian's.
if ! command -v npm >/dev/null 2>&1; then APT_PACKAGES+=(nodejs npm); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup: installing the Rust toolchain (rustup, stable)"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal \
      --component rustfmt,clippy
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
for component in rustfmt clippy; do
  if command -v rustup >/dev/null 2>&1 && ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

# Python tools from PyPI (schemathesis for the portal's API, selenium and pytest for the app's
# WebDriver suite), in the project's .venv, installed only from tests/python/requirements.txt:
# every package pinned with the hashes of its files (`pip install --require-hashes`), so every
# machine runs exactly what was tested.
#
# The Python is Debian's /usr/bin/python3 (package python3, 3.11 on Debian 12), chosen on
# purpose: every fresh Debian machine has the same one, kept patched by Debian, whatever else
# is first on PATH (a pyenv shim, say). CPython before 3.11.8 (and 3.12.0-3.12.1) keeps one AST
# recursion counter for all threads (python/cpython#106905): two threads building ASTs at once,
# as schemathesis with two workers does inside hypothesis, can fail with "SystemError: AST
# constructor recursion depth mismatch". So the schemathesis test runs one worker per process
# (crates/portal-server/tests/schemathesis.rs; tests/python/ast_race.py shows the bug here).
PYTHON=/usr/bin/python3
PY_LOCK=tests/python/requirements.txt
PY_STAMP=.venv/.requirements.sha256
py_lock_sum=$(sha256sum "$PY_LOCK" | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(readlink -f .venv/bin/python)" != "$(readlink -f "$PYTHON")" ]; then
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi
if [ "$(cat "$PY_STAMP" 2>/dev/null)" != "$py_lock_sum" ]; then
  echo "setup: installing the locked Python tools into .venv ($PY_LOCK)"
  .venv/bin/pip install -q --disable-pip-version-check --no-deps --require-hashes \
    --only-binary=:all: -r "$PY_LOCK"
  .venv/bin/pip check -q --disable-pip-version-check
  echo "$py_lock_sum" > "$PY_STAMP"
fi

# The end-to-end suite drives the app window through tauri-driver, built from crates.io at an
# exact version with the lock file it was published with (--locked).
TAURI_DRIVER_VERSION=2.1.0
if ! cargo install --list 2>/dev/null | grep -q "^tauri-driver v$TAURI_DRIVER_VERSION:"; then
  echo "setup: installing tauri-driver $TAURI_DRIVER_VERSION (WebDriver for Tauri apps) from crates.io"
  cargo install tauri-driver --version "=$TAURI_DRIVER_VERSION" --locked
fi

# cargo-deny checks licences, bans and sources of the dependency graph (deny.toml), built the
# same way at an exact version.
CARGO_DENY_VERSION=0.20.2
if ! cargo install --list 2>/dev/null | grep -q "^cargo-deny v$CARGO_DENY_VERSION:"; then
  echo "setup: installing cargo-deny $CARGO_DENY_VERSION from crates.io"
  cargo install cargo-deny --version "=$CARGO_DENY_VERSION" --locked
fi

# The UI's packages, exactly as ui/package-lock.json has them (versions and integrity hashes;
# `npm ci` refuses a lock that does not match package.json). The lock lists the other systems'
# optional packages too, which an `npm install` on one system would otherwise leave out.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages (npm ci)"
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

# Smaller, faster debug builds (no debug info): builds on 2-core machines take minutes.
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
