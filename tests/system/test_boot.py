"""Issue 1: the firmware boots on every CPU into Non-secure Hyp mode, reports
the platform it found in the device tree, and powers the machine off."""
import re

import pytest


def assert_all_cpus_online(b, n):
    assert f"hyp: CPUs: {n} online of {n}" in b
    for cpu in range(1, n):
        assert re.search(rf"hyp: CPU {cpu} online \(MPIDR 0x8000000{cpu}\)",
                         b.output), f"CPU {cpu} did not report"
    assert "did not come online" not in b


def assert_banner(b):
    assert "hyp: Tessera hypervisor" in b
    assert re.search(r"hyp: GIC: \d+ IRQs, 4 list registers, "
                     r"maintenance IRQ 25", b.output)
    assert "hyp: timer: 62500000 Hz; IRQs hyp 26, virtual 27, physical 30" in b
    # each CPU by its MPIDR affinity levels and core (docs/boards.md)
    assert "hyp: CPU 0: cluster 0 core 0 (MPIDR 0x0), cortex-a15" in b


@pytest.mark.parametrize("secure", ["off", "on"])
@pytest.mark.parametrize("cpus", [1, 4])
def test_vexpress_boots_all_cpus_and_powers_off(qemu, secure, cpus):
    b = qemu("vexpress-a15", "--cpus", str(cpus), "--secure", secure)
    assert_banner(b)
    assert "V2P-CA15 (QEMU vexpress-a15)" in b
    assert_all_cpus_online(b, cpus)
    if secure == "on":
        assert "entered in Secure SVC; switched to Non-secure Hyp mode" in b
    else:
        assert "hyp: entered in Non-secure Hyp mode" in b
    if cpus > 1:
        assert "secondaries started by vexpress SYS_FLAGS" in b
    assert "hyp: RAM: 0x80000000-0xbfffffff (1024 MiB)" in b
    assert "hyp: console: PL011 at 0x1c090000" in b
    assert "hyp: powering off" in b
    assert b.powered_off


def test_virt_direct_boot_starts_cpus_with_psci(qemu):
    b = qemu("virt", "--cpus", "2")
    assert_banner(b)
    assert_all_cpus_online(b, 2)
    assert "secondaries started by PSCI" in b
    assert "hyp: GIC: GICD 0x8000000 GICC 0x8010000 GICH 0x8030000 GICV 0x8040000" in b
    assert "hyp: console: PL011 at 0x9000000 (/pl011@9000000)" in b
    assert b.powered_off


def test_virt_booted_by_uboot_bootz(qemu):
    b = qemu("virt", "--cpus", "2", "--uboot", timeout=90)
    # U-Boot loaded the image at 0x40400000; it moved itself to its link address.
    assert "Starting kernel" in b
    assert_banner(b)
    assert "hypervisor at 0x40010000" in b
    assert_all_cpus_online(b, 2)
    assert b.powered_off


def test_missing_device_tree_is_reported(qemu):
    b = qemu("vexpress-a15", "--cpus", "1", "--no-dtb", until="system halted",
             timeout=30)
    assert "not a valid device tree: FDT_ERR_BADMAGIC" in b
    assert "QEMU vexpress needs -dtb" in b
    assert "system halted" in b


def test_unsupported_entry_mode_is_reported(qemu):
    # Without virtualization extensions QEMU starts us in Non-secure SVC.
    b = qemu("virt", "--cpus", "1", "--", "-M", "virt,virtualization=off",
             until="system halted", timeout=30)
    assert "entered in Non-secure SVC mode" in b
    assert "system halted" in b
    assert "Tessera hypervisor" not in b
