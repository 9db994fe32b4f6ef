"""Issue 4: unmodified Linux (Debian's armmp kernel, busybox initramfs) in a
partition, beside bare-metal partitions, on vexpress-a15 and virt."""
import re

from test_partitions import failures, summaries

LINUX_TIMEOUT = 300


def arch_timer_counts(block):
    """Per-CPU counts of the arch_timer line of a /proc/interrupts dump."""
    m = re.search(r"^linux:\s+\d+:\s+(\d+)\s+(\d+)\s+GIC-0\s+27 Level\s+"
                  r"arch_timer", block, re.M)
    assert m, "no arch_timer line in /proc/interrupts"
    return int(m.group(1)), int(m.group(2))


def assert_linux_up_with_timer_on_both_cpus(b):
    assert "linux: TESSERA-LINUX-UP" in b, "Linux did not reach userspace"
    assert "linux: cpus online: 0-1" in b
    assert "psci: PSCIv1.0 detected in firmware." in b
    # /proc/interrupts is shown at boot and again a second later
    first = b.output.split("linux: TESSERA-LINUX-UP", 1)[1]
    again = b.output.split("linux: TESSERA-INTERRUPTS-BEGIN", 1)[1]
    c0, c1 = arch_timer_counts(first)
    d0, d1 = arch_timer_counts(again)
    assert c0 > 0 and c1 > 0
    assert d0 > c0 and d1 > c1, "the timer stopped ticking on a CPU"


def test_linux_reaches_userspace_with_two_cpus(qemu):
    b = qemu("vexpress-a15", "--cpus", "2", "--config", "linux-interrupts",
             timeout=LINUX_TIMEOUT)
    assert_linux_up_with_timer_on_both_cpus(b)
    assert "hyp: partition linux: stopped (SYSTEM_OFF)" in b
    assert b.powered_off


def test_linux_on_virt(qemu):
    b = qemu("virt", "--cpus", "2", "--config", "linux-interrupts",
             timeout=LINUX_TIMEOUT)
    assert_linux_up_with_timer_on_both_cpus(b)
    assert b.powered_off


def test_linux_under_uboot_on_virt(qemu):
    b = qemu("virt", "--cpus", "2", "--uboot", "--config", "linux-interrupts",
             timeout=LINUX_TIMEOUT)
    assert "Starting kernel" in b
    assert_linux_up_with_timer_on_both_cpus(b)
    assert b.powered_off


def test_linux_beside_testkit(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--secure", "on",
             "--config", "linux-testkit", timeout=LINUX_TIMEOUT)
    runs = summaries(b, "testkit")
    assert len(runs) == 1 and runs[0][1] == 0, failures(b)
    assert_linux_up_with_timer_on_both_cpus(b)
    assert "hyp: every partition is off" in b
    assert b.powered_off


RT_LINE = re.compile(r"^rt: \d+ periods of 1000 us: lateness max \d+ us", re.M)


def rt_reports_after(b, marker):
    """rt's one-second reports printed after `marker`."""
    return RT_LINE.findall(b.output.split(marker, 1)[1])


def test_linux_poweroff_ends_only_its_partition(qemu):
    stopped = "hyp: partition linux: stopped (SYSTEM_OFF)"
    # rt runs for ever: stop once it has reported twice after Linux is off
    b = qemu("vexpress-a15", "--cpus", "4", "--config", "linux-rt-poweroff",
             timeout=LINUX_TIMEOUT,
             until=lambda out: stopped in out and
             len(RT_LINE.findall(out.split(stopped, 1)[1])) >= 2)
    assert "linux: TESSERA-POWEROFF" in b
    assert stopped in b
    assert len(rt_reports_after(b, stopped)) >= 2, "rt stopped with Linux"
    assert "hyp: every partition is off" not in b
    assert "partition rt: stopped" not in b


def test_linux_reboot_restarts_only_its_partition(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--config", "linux-rt-reboot",
             timeout=LINUX_TIMEOUT,
             until="hyp: partition linux: SYSTEM_RESET (restart 2)")
    assert b.output.count("linux: TESSERA-LINUX-UP") >= 2, \
        "Linux did not boot again after reboot -f"
    assert "hyp: partition linux: SYSTEM_RESET (restart 1): reloading its " \
        "image" in b
    # rt ran on through both of Linux's boots and was never restarted
    assert len(rt_reports_after(b, "SYSTEM_RESET (restart 1)")) >= 1
    assert b.output.count("rt: periodic timer 1 ms") == 1
    assert "partition rt: stopped" not in b
