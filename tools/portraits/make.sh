#!/usr/bin/env bash
# Generate assets/portraits/ from assets/registry.json with the pinned venv.
#   tools/portraits/make.sh            write assets/portraits/*.webp
#   tools/portraits/make.sh --check    regenerate into a temp dir; fail if any
#                                      byte differs from the committed files
#   tools/portraits/make.sh --sheet    also write /tmp/portraits-sheet.png
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/venv.sh"
out="$root/assets/portraits"
case "${1:-}" in
  --check)
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    "$py" "$here/portraits.py" generate --out "$tmp" --quiet
    if diff -r -q -x README.md "$tmp" "$out"; then
      echo "portraits: assets/portraits matches the generator ($(ls "$tmp" | wc -l) files)"
    else
      echo "portraits: assets/portraits differs from what tools/portraits/make.sh generates" >&2
      exit 1
    fi
    ;;
  ""|--sheet)
    "$py" "$here/portraits.py" generate --out "$out"
    if [ "${1:-}" = --sheet ]; then
      "$py" "$here/portraits.py" sheet --src "$out" --out /tmp/portraits-sheet.png
    fi
    ;;
  *) echo "usage: $0 [--check|--sheet]" >&2; exit 2 ;;
esac
