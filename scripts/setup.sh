#!/usr/bin/env bash
# Installs what eID Wallet needs on a fresh Debian or Ubuntu machine: system packages and a Rust
# toolchain. Safe to run again: it only installs what is missing. Sourced by run.sh and test.sh.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(build-essential pkg-config libssl-dev zbar-tools keyutils postgresql ca-certificates curl
  python3 python3-venv)

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

# Smaller, faster debug builds (no debug info): builds on 2-core machines take minutes.
export CARGO_PROFILE_DEV_DEBUG=0
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
