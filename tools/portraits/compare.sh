#!/usr/bin/env bash
# Print the counter-portrait codec comparison (markdown) for docs/portraits.md.
#   tools/portraits/compare.sh [--limit N] [--codecs webp,avif] [--json FILE]
#   tools/portraits/compare.sh --display     the display-portrait table
# Single-threaded; the full run takes about 15 minutes.
set -euo pipefail
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/venv.sh"
exec "$py" "$here/compare.py" "$@"
