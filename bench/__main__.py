"""Run the named benchmarks (all by default) and print their figures."""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("lookup", "chart", "store", "slack", "matrix")


def main(names: list[str]) -> int:
    for name in names or BENCHMARKS:
        if name not in BENCHMARKS:
            print(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}", file=sys.stderr)
            return 2
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
