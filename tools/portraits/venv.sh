# Sourced by make.sh and compare.sh: a venv with exactly the pinned wheels.
# PORTRAITS_VENV overrides where it lives (default tools/portraits/.venv,
# which is git-ignored); PORTRAITS_PYTHON the interpreter (default Debian's
# /usr/bin/python3, 3.11 - the lock was compiled for 3.11).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${PORTRAITS_VENV:-$here/.venv}"
base_python="${PORTRAITS_PYTHON:-/usr/bin/python3}"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]; then
  case "$("$base_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" in
    3.11) ;;
    *) echo "portraits: $base_python is not Python 3.11, which requirements.txt is locked for" >&2; exit 2 ;;
  esac
  rm -rf "$venv"
  "$base_python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps \
    --require-hashes --only-binary=:all: -r "$here/requirements.txt"
  echo "$want" > "$venv/.requirements.sha256"
fi
py="$venv/bin/python"
# one thread each: the machine is shared with Rust builds
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONDONTWRITEBYTECODE=1
