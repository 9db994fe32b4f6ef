"""Boots the hypervisor under QEMU through scripts/qemu-run.sh and collects
the serial console, so each test reads like a scenario."""
import os
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUN = os.path.join(ROOT, "scripts", "qemu-run.sh")

# Every boot's timeout is multiplied by this. The timeouts in the tests are
# for an idle 2-core machine; they only end a run that hangs (a boot that
# finishes returns at once), so a generous factor costs nothing when things
# work. The default allows for a second `make test` on the same cores;
# TESSERA_TEST_TIMEOUT_SCALE=1 on a quiet machine, more on a slower one.
TIMEOUT_SCALE = float(os.environ.get("TESSERA_TEST_TIMEOUT_SCALE", "3"))


@dataclass
class Boot:
    output: str          # everything QEMU printed (serial console and stderr)
    exit_code: int       # QEMU's exit code, None if it had to be killed
    timed_out: bool

    @property
    def powered_off(self):
        """QEMU left on its own with status 0: the guest machine powered off."""
        return self.exit_code == 0 and not self.timed_out

    def lines(self, prefix="hyp: "):
        return [l.rstrip("\r") for l in self.output.splitlines()
                if l.startswith(prefix)]

    def __contains__(self, text):
        return text in self.output


def until_met(until, out):
    """Is `until` met by the complete lines of out? QEMU hands the console
    over a byte at a time, so a read may end inside a line: a pattern that
    ends in a number, r"head=0x[0-9A-F]+$" say, would match "head=0x0000"
    of a line that goes on "05A0", and the run would stop there with the
    value cut short. So the line being received is not looked at yet."""
    whole = out[:out.rfind(b"\n") + 1]
    if callable(until):
        return until(whole.decode("utf-8", "replace"))
    return until.encode() in whole


def boot(platform, *args, timeout=60, until=None, inputs=()):
    """Runs QEMU until it exits, `until` appears in the output's complete
    lines (a string, or a function of them returning true), or timeout seconds
    pass (times TIMEOUT_SCALE). `inputs` is a list of (trigger, text): once
    trigger has appeared in the output, text is typed on the console.
    Returns a Boot."""
    timeout *= TIMEOUT_SCALE
    start = time.monotonic()
    cmd = [RUN, platform, *args]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    pending = list(inputs)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    out = b""
    deadline = time.monotonic() + timeout
    timed_out = False
    stopped = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if sel.select(timeout=min(left, 0.5)):
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                break
            out += chunk
            while pending and pending[0][0].encode() in out:
                proc.stdin.write(pending.pop(0)[1].encode())
                proc.stdin.flush()
            if until and until_met(until, out):
                stopped = True
                break
        elif proc.poll() is not None:
            break
    if timed_out or stopped:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        code = None
    else:
        code = proc.wait()
    text = out.decode("utf-8", "replace")
    print(text)
    # a measurement, for seeing how close to its limit a loaded host runs
    print(f"boot {platform} {' '.join(args)}: "
          f"{time.monotonic() - start:.1f} s of {timeout:.0f} s allowed"
          f"{' (timed out)' if timed_out else ''}")
    return Boot(text, code, timed_out)


@pytest.fixture
def qemu():
    return boot
