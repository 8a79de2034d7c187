#!/usr/bin/env python3
"""How long `propose watch` takes from a save to the new file written, and to its line.

    cargo build --release && scripts/bench-watch.py              # md,pdf, 20 saves
    FORMATS=md SAVES=50 scripts/bench-watch.py

Starts `target/release/propose watch` on a copy of examples/northwind-migration.toml in a
temporary folder, then saves the intake (a new file renamed over it, as editors do) with a
different server count each time. For each save it polls the output Markdown every 0.2 ms
until its bytes change, and reads the next printed line. Prints the median and the range.
Not run by CI: figures depend on the machine and its load.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
formats = os.environ.get("FORMATS", "md,pdf")
saves = int(os.environ.get("SAVES", "20"))
binary = os.environ.get("PROPOSE", os.path.join(root, "target", "release", "propose"))
work = tempfile.mkdtemp()
intake, out = os.path.join(work, "intake.toml"), os.path.join(work, "out")
text = open(os.path.join(root, "examples", "northwind-migration.toml")).read()
shutil.copy(os.path.join(root, "examples", "northwind-migration.toml"), intake)
env = dict(os.environ, NO_COLOR="1")
child = subprocess.Popen([binary, "watch", intake, "--format", formats, "--out", out],
                         stdout=subprocess.PIPE, text=True, env=env)
try:
    child.stdout.readline()
    md = os.path.join(out, "CD-2026-014.md")
    to_file, to_line = [], []
    for i in range(saves):
        before = open(md, "rb").read()
        tmp = os.path.join(work, ".save.tmp")
        with open(tmp, "w") as f:
            f.write(text.replace("servers = 40", f"servers = {41 + i}"))
        start = time.perf_counter()
        os.rename(tmp, intake)
        while open(md, "rb").read() == before:
            time.sleep(0.0002)
        to_file.append((time.perf_counter() - start) * 1000)
        child.stdout.readline()
        to_line.append((time.perf_counter() - start) * 1000)
        time.sleep(0.2)
    for name, xs in (("save to file", to_file), ("save to line", to_line)):
        print(f"{name}: median {statistics.median(xs):.1f} ms, {min(xs):.1f}-{max(xs):.1f} ms over {len(xs)} saves ({formats})")
finally:
    child.kill()
    child.wait()
    shutil.rmtree(work, ignore_errors=True)
