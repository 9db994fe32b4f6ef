"""Issue 13: the board ports. QEMU has no Arndale or TC2 machine; its
vexpress-a15 stands in for TC2's Cortex-A15 cluster (same GIC, motherboard
and UART addresses), so the tc2 build boots there with the board's own
device tree from Debian's kernel package, unmodified. What QEMU lacks (the
Cortex-A7 cluster, the CCI-400) must be reported, not hang the boot.
Arndale's Exynos UART and iRAM pen are covered by unit tests only."""
import os
import re
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("TESSERA_BUILD", os.path.join(ROOT, "build"))


@pytest.mark.parametrize("secure", ["off", "on"])
def test_tc2_build_with_tc2_tree_on_qemu_a15_cluster(qemu, secure):
    b = qemu("tc2", "--cpus", "2", "--secure", secure)
    assert "hyp: Tessera hypervisor" in b
    assert "on V2P-CA15_CA7" in b
    # the tree has no stdout-path: alias serial0, the motherboard's UART0
    assert ("hyp: console: PL011 at 0x1c090000 (/bus@8000000/"
            "motherboard-bus@8000000/iofpga-bus@300000000/serial@90000)") in b
    # both clusters by their MPIDR affinity levels and cores
    assert "hyp: CPU 1: cluster 0 core 1 (MPIDR 0x1), cortex-a15" in b
    assert "hyp: CPU 4: cluster 1 core 2 (MPIDR 0x102), cortex-a7" in b
    # the A15 cluster runs; QEMU has no A7 cluster and says so per CPU
    assert "hyp: CPUs: 2 online of 5 (secondaries started by vexpress SYS_FLAGS)" in b
    assert "hyp: CPU 1 online (MPIDR 0x80000001)" in b
    for cpu, mpidr in ((2, "0x100"), (3, "0x101"), (4, "0x102")):
        assert f"hyp: CPU {cpu} (MPIDR {mpidr}) did not come online" in b
    # no CCI-400 in QEMU: the interconnect is reported, not hung on
    assert "hyp: CCI-400 interface at 0x2c095000 does not snoop" in b
    assert "hyp: RAM: 0x80000000-0xbfffffff (1024 MiB)" in b
    assert "hyp: powering off" in b
    assert b.powered_off


def _tree_with_timer_frequency(tmp_path, hz):
    """vexpress-a15's 2-CPU host tree with clock-frequency in its timer
    node, as Arndale's tree has it."""
    dtb = tmp_path / "host-2cpu-freq.dtb"
    shutil.copy(os.path.join(BUILD, "vexpress-a15", "host-2cpu.dtb"), dtb)
    subprocess.run(["fdtput", "-t", "u", str(dtb), "/timer",
                    "clock-frequency", str(hz)], check=True)
    return str(dtb)


def test_secure_entry_programs_cntfrq_from_the_tree(qemu, tmp_path):
    """Entered in Secure state, every CPU sets CNTFRQ from the tree's
    clock-frequency before it leaves for Hyp (Arndale's firmware leaves it
    0; QEMU sets 62.5 MHz, so a different value shows it was written)."""
    dtb = _tree_with_timer_frequency(tmp_path, 24000000)
    b = qemu("vexpress-a15", "--cpus", "2", "--secure", "on", "--dtb", dtb)
    assert "entered in Secure SVC; switched to Non-secure Hyp mode" in b
    assert "hyp: timer: 24000000 Hz; IRQs hyp 26, virtual 27, physical 30" in b
    assert "hyp: CPUs: 2 online of 2" in b
    assert b.powered_off


def test_hyp_entry_keeps_a_set_cntfrq(qemu, tmp_path):
    """Entered in Hyp mode, CNTFRQ cannot be written: a non-zero one is
    kept whatever the tree says, and nothing is given to guests."""
    dtb = _tree_with_timer_frequency(tmp_path, 24000000)
    b = qemu("vexpress-a15", "--cpus", "2", "--secure", "off", "--dtb", dtb)
    assert "hyp: entered in Non-secure Hyp mode" in b
    assert "hyp: timer: 62500000 Hz" in b
    assert "CNTFRQ is 0" not in b
    assert b.powered_off


def test_testkit_on_tc2_a15_cluster(qemu):
    """A partition on TC2's Cortex-A15 cluster, discovered from the board's
    tree: every testkit check passes (secure=on: the hypervisor enters
    from Secure SVC, as from TC2's boot monitor)."""
    b = qemu("tc2", "--cpus", "2", "--secure", "on",
             "--config", "testkit-a15", timeout=120)
    assert "on V2P-CA15_CA7" in b
    runs = re.findall(r"^testkit: (\d+) passed, (\d+) failed", b.output, re.M)
    assert len(runs) == 1, "testkit did not finish"
    passed, failed = map(int, runs[0])
    assert failed == 0, [l for l in b.output.splitlines() if ": not ok " in l]
    assert passed >= 30
    assert b.powered_off
