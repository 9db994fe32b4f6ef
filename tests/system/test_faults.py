"""Faults inside the hypervisor are reported with a decoded dump, then the
CPU stops. hyp.crashtest=<fault> on the host command line provokes them."""
import re


def crash(qemu, what):
    return qemu("vexpress-a15", "--cpus", "2",
                "--append", f"hyp.crashtest={what}",
                until="system halted", timeout=30)


def assert_register_dump(b):
    assert re.search(r"hyp: HSR 0x[0-9a-f]{8}: EC 0x[0-9a-f]{2} \(", b.output)
    assert re.search(r"hyp: HDFAR 0x[0-9a-f]{8} HIFAR 0x[0-9a-f]{8} "
                     r"HPFAR 0x[0-9a-f]{8}", b.output)
    assert re.search(r"hyp: ELR_hyp 0x[0-9a-f]{8} SPSR_hyp 0x[0-9a-f]{8}",
                     b.output)
    for r in ("r0 ", "r4 ", "r8 ", "r12", "sp ", "lr "):
        assert f"{r} 0x" in b.output
    assert "hyp: system halted" in b


def test_undefined_instruction_in_hyp_is_dumped(qemu):
    b = crash(qemu, "undef")
    assert "unexpected undefined instruction exception in Hyp mode on CPU 0" in b
    assert "EC 0x00 (unknown reason)" in b
    assert_register_dump(b)


def test_stack_overflow_hits_the_guard_page(qemu):
    b = crash(qemu, "stack-overflow")
    assert "unexpected data abort exception in Hyp mode" in b
    assert "stack overflow: CPU 0 ran into its stack guard page" in b
    assert "translation fault on write" in b
    assert_register_dump(b)


def test_hypervisor_text_is_read_only(qemu):
    b = crash(qemu, "write-text")
    assert "EC 0x25 (data abort in Hyp)" in b
    assert "permission fault on write" in b
    assert_register_dump(b)


def test_smashed_stack_canary_is_caught(qemu):
    b = crash(qemu, "canary")
    assert "stack smashing detected on CPU 0" in b
    assert "hyp: system halted" in b
