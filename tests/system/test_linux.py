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
