"""guests/rt, the periodic-timer demo on the guest runtime (guests/lib), on
its own: the virt image (the default system runs the vexpress one beside
Linux, tests/system/test_default_system.py)."""
import re

REPORT = re.compile(r"^rt: \d+ periods of 500 us: lateness max \d+ us, "
                    r"mean \d+ us, over 200 ms", re.M)


def test_rt_on_virt_reports_with_its_options(qemu):
    b = qemu("virt", "--cpus", "1", "--config", "rt", timeout=90,
             until=lambda out: len(REPORT.findall(out)) >= 3)
    assert 'rt: ignoring unknown option "rt.bogus=1"' in b
    assert ("rt: periodic timer 500 us on the virtual timer (INTID 27), "
            "reporting every 200 ms") in b
    assert len(REPORT.findall(b.output)) >= 3, b.output[-2000:]
    assert "unexpected" not in b
    assert "partition rt: stopped" not in b
