"""Issue 13: the board ports. QEMU has no Arndale or TC2 machine; its
vexpress-a15 stands in for TC2's Cortex-A15 cluster (same GIC, motherboard
and UART addresses), so the tc2 build boots there with the board's own
device tree from Debian's kernel package, unmodified. What QEMU lacks (the
Cortex-A7 cluster, the CCI-400) must be reported, not hang the boot.
Arndale's Exynos UART and iRAM pen are covered by unit tests only."""
import pytest


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
