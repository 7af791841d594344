"""Shows the CPython bug that made the schemathesis test fail now and then (python/cpython#106905).

Before CPython 3.11.8 and 3.12.2, the AST constructor kept one recursion counter for the whole
interpreter. When a garbage collection during AST construction runs a finalizer, the thread can
drop the GIL; a second thread building an AST then changes the same counter, and the first one
fails with "SystemError: AST constructor recursion depth mismatch". schemathesis with
`--workers 2` builds ASTs in two threads (inside hypothesis), so its run died at random.

    /usr/bin/python3 tests/python/ast_race.py 2   # Debian 12's 3.11.2: many SystemErrors
    /usr/bin/python3 tests/python/ast_race.py 1   # one thread: none

The schemathesis test therefore runs one worker per process (see
crates/portal-server/tests/schemathesis.rs and scripts/setup.sh).
"""

import ast
import gc
import sys
import threading

SOURCE = "\n".join(
    f"def f{i}(a, b=[1, 2, {{'k': (x for x in range(3))}}]):\n    return [a + b for a in range({i})]"
    for i in range(100)
)


class Cycle:
    """Garbage in a reference cycle with a finalizer: freed by the collector, running Python."""

    def __init__(self):
        self.me = self

    def __del__(self):
        sum(range(20))


def work(errors):
    for _ in range(200):
        try:
            for _ in range(200):
                Cycle()
            ast.parse(SOURCE)
        except SystemError as e:
            errors.append(str(e))


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    sys.setswitchinterval(1e-6)
    gc.set_threshold(20, 2, 2)
    errors = []
    pool = [threading.Thread(target=work, args=(errors,)) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    print(f"Python {sys.version.split()[0]}, {threads} thread(s): {len(errors)} SystemError(s)")
    if errors:
        print("first:", errors[0])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
