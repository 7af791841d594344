#!/usr/bin/env bash
# Installs what eID Wallet needs on a fresh Debian or Ubuntu machine: system packages and a Rust
# toolchain. Safe to run again: it only installs what is missing. Sourced by run.sh and test.sh.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(build-essential pkg-config libssl-dev zbar-tools keyutils postgresql ca-certificates curl
  python3 python3-venv
  # The wallet's keystore on Linux desktops is the Secret Service (libdbus to reach it); the tests
  # run GNOME Keyring on a private D-Bus session bus, and reboot it.
  libdbus-1-dev dbus-daemon dbus-bin gnome-keyring
  # The Tauri app (WebKitGTK) and its tests: a virtual display, D-Bus, the WebDriver of WebKit,
  # ImageMagick for screenshots of the window.
  libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev
  libxdo-dev file xvfb xauth webkit2gtk-driver dbus-x11 imagemagick)
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

# Python tools from PyPI, in the project's .venv: schemathesis fuzzes the portal's API in the
# tests (pinned so runs are comparable).
SCHEMATHESIS_VERSION=4.32.5
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! .venv/bin/schemathesis --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "setup: installing schemathesis $SCHEMATHESIS_VERSION into .venv"
  .venv/bin/pip install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

# The end-to-end suite drives the app window with Selenium through tauri-driver (pinned).
if ! .venv/bin/python -c "import selenium, pytest" 2>/dev/null \
  || ! .venv/bin/pip freeze 2>/dev/null | grep -q "^selenium==4.51.0$"; then
  echo "setup: installing selenium and pytest into .venv"
  .venv/bin/pip install -q "selenium==4.51.0" "pytest==8.4.2"
fi
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: installing tauri-driver (WebDriver for Tauri apps) from crates.io"
  cargo install tauri-driver --version '^2' --locked
fi

# The UI's packages (npm install, not npm ci: lockfiles written by npm 11 lack other-OS packages).
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages"
  npm --prefix ui install --no-audit --no-fund --loglevel=error
fi

# Smaller, faster debug builds (no debug info): builds on 2-core machines take minutes.
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
