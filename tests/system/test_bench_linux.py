"""Linux boot benchmark (scripts/bench-linux.sh, docs/benchmarks.md). Its
quick mode boots the same kernel and initramfs natively and under Tessera,
once each under -icount (instructions to `Run /init`) and once each for wall
time. Asserted: both systems reached /init every time and every number is
there and positive. How fast is measured, never judged: no thresholds."""
import os
import re
import subprocess

from conftest import ROOT, TIMEOUT_SCALE

SCRIPT = os.path.join(ROOT, "scripts", "bench-linux.sh")
BOOT_TIMEOUT = 300  # per boot, times TIMEOUT_SCALE
NUM = r"(\d+(?:\.\d+)?)"


def find(pattern, out):
    m = re.search("^bench-linux: " + pattern, out, re.M)
    assert m, f"no line matching {pattern!r}"
    values = [float(v) for v in m.groups()]
    assert all(v > 0 for v in values), f"{m.group(0)}: not all positive"
    return values


def test_bench_linux_quick(tmp_path):
    timeout = int(BOOT_TIMEOUT * TIMEOUT_SCALE)
    env = dict(os.environ, BENCH_LINUX_OUT=str(tmp_path),
               BENCH_LINUX_TIMEOUT=str(timeout))
    r = subprocess.run([SCRIPT, "--quick"], env=env, capture_output=True,
                       text=True, timeout=4 * (timeout + 30) + 60)
    print(r.stdout)
    print(r.stderr)
    assert r.returncode == 0, "a boot failed"
    out = r.stdout
    for system in ("native", "tessera"):
        find(rf"icount {system}: (\d+) instructions to Run /init "
             rf"\(guest clock there {NUM} s;", out)
        find(rf"run 1 quiet {system}: {NUM} s to Run /init, \d+ soft lockup",
             out)
    find(rf"instructions to Run /init: native (\d+), tessera (\d+), "
         rf"ratio {NUM}$", out)
    find(rf"guest clock at Run /init under -icount: native {NUM} s, "
         rf"tessera {NUM} s, ratio {NUM}$", out)
    find(rf"wall time to Run /init, quiet host, median of 1: native {NUM} s, "
         rf"tessera {NUM} s, ratio {NUM}$", out)
    assert "hogs" not in out, "the quick mode runs no hogs"
    # every console the script kept shows the kernel starting /init
    logs = sorted(p for p in os.listdir(tmp_path) if p.endswith(".log"))
    assert logs == ["icount-native.log", "icount-tessera.log",
                    "quiet-1-native.log", "quiet-1-tessera.log"]
    for name in logs:
        text = (tmp_path / name).read_text()
        prefix = "linux: " if name.endswith("tessera.log") else ""
        assert re.search(rf"^{prefix}\[ *\d+\.\d+\] Run /init as init "
                         r"process$", text, re.M), f"{name}: no Run /init"
