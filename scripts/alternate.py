#!/usr/bin/env python3
"""Times two builds of propose run alternately, so a VM whose speed drifts from minute to
minute slows both alike: `scripts/alternate.py OLD NEW 'ARGS' ['ARGS' ...]` runs `OLD ARGS`
and `NEW ARGS` in turn, 150 times each (-n to change), and prints each one's median and
mean in ms. Each time includes starting the process from Python (about 0.3 ms here)."""

import argparse
import statistics
import subprocess
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("args", nargs="+", help="the arguments of one run, quoted as one word")
    ap.add_argument("-n", type=int, default=150, help="runs of each build (default 150)")
    a = ap.parse_args()
    for args in a.args:
        times = {a.old: [], a.new: []}
        for i in range(a.n):
            order = (a.old, a.new) if i % 2 == 0 else (a.new, a.old)
            for binary in order:
                start = time.perf_counter()
                subprocess.run([binary] + args.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[binary].append((time.perf_counter() - start) * 1000)
        old, new = times[a.old], times[a.new]
        print(
            f"{args}\n  old median {statistics.median(old):.2f} ms, mean {statistics.mean(old):.2f}"
            f" | new median {statistics.median(new):.2f} ms, mean {statistics.mean(new):.2f}"
        )


if __name__ == "__main__":
    main()
