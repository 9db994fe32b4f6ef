#!/usr/bin/python3
"""A long exit-fuzzer campaign (guests/hostile, hostile.attack=fuzz), beyond
the 3 s that `make test` runs (tests/system/test_hostile.py).

    scripts/fuzz.py [--seed N] [--seconds N] [--trace]   (the python3 with pytest)

Builds a configuration like tests/system/configs/vexpress-a15/hostile-fuzz.dts
with the given seed and length, in build/fuzz/, but with a victim that runs
its checks again and again (testkit.finish=reset) for as long as the fuzzer
runs. Boots it under QEMU (vexpress-a15, 4 CPUs) until the hostile partition
stops, then checks: the fuzzer's summary line, every victim run 0 failed,
no hypervisor panic. The console log goes to build/fuzz/<name>.log.
Exit status 0 when the hypervisor held. --trace prints every operation
(hostile.trace=1), to find the one that hangs or crashes: replay with the
same seed."""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
from conftest import boot  # noqa: E402

BASE = "tests/system/configs/vexpress-a15/hostile-fuzz.dts"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=int(time.time()) & 0x7fffffff)
    ap.add_argument("--seconds", type=int, default=600)
    ap.add_argument("--trace", action="store_true")
    a = ap.parse_args()
    os.chdir(ROOT)
    name = f"hostile-fuzz-{a.seed}-{a.seconds}"
    d = os.path.join("build", "fuzz", "vexpress-a15")
    os.makedirs(d, exist_ok=True)
    dts = open(BASE).read()
    dts = dts.replace("hostile.seed=1 hostile.seconds=3",
                      f"hostile.seed={a.seed} hostile.seconds={a.seconds}"
                      + (" hostile.trace=1" if a.trace else ""))
    dts = dts.replace('bootargs = "victim.secret',
                      'bootargs = "testkit.finish=reset victim.secret')
    path = os.path.join(d, name + ".dts")
    open(path, "w").write(dts)
    subprocess.run(["make", "-s", f"CONFIG={path}"], check=True)
    print(f"fuzz: seed {a.seed}, {a.seconds} s, log build/fuzz/{name}.log",
          flush=True)
    # boot() scales the timeout; the run ends when the hostile stops
    b = boot("vexpress-a15", "--cpus", "4", "--secure", "on",
             "--config", name, timeout=a.seconds + 300,
             until=lambda out: "hyp: partition hostile: stopped" in out)
    open(os.path.join("build", "fuzz", name + ".log"), "w").write(b.output)
    runs = re.findall(r"^victim: (\d+) passed, (\d+) failed", b.output, re.M)
    summary = re.search(r"^hostile: fuzz: .*$", b.output, re.M)
    bad = []
    if [l for l in b.lines("hyp: ")
            if "panic" in l.lower() or "unexpected" in l.lower()]:
        bad.append("the hypervisor halted")
    if not summary:
        bad.append("no fuzz summary (the fuzzer hung or crashed)")
    failed = [l for l in b.output.splitlines() if l.startswith("victim: not ok")]
    if not runs or any(int(f) for _, f in runs):
        bad.append(f"{sum(1 for _, f in runs if int(f))} of {len(runs)} "
                   f"victim runs failed: " + "; ".join(failed[:5]))
    if re.search(r"^hostile: \d+ passed, [1-9]", b.output, re.M):
        bad.append("the hostile's checks after the fuzz failed")
    print(summary.group(0) if summary else "", f"; victim runs: {len(runs)}")
    for x in bad:
        print("FAIL:", x)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
