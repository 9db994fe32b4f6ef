"""Issue 10 (isolation), the shared console: what a guest writes reaches the
terminal as printable text under its own name, console = "none" prints
nothing, HC_CONSOLE_WRITE does a bounded amount of work per call, and a
guest that never stops calling it does not stop console input for others
(docs/hypercalls.md, docs/architecture.md "Consoles")."""
import re

from test_partitions import failures, summaries


def test_console_escapes_guest_bytes_and_none_prints_nothing(qemu):
    b = qemu("vexpress-a15", "--cpus", "2", "--secure", "on",
             "--config", "console-policy", timeout=180)
    for check in ("console_write_capped", "console_write_escapes"):
        assert re.search(rf"^shown: ok \d+ - {check}\b", b.output, re.M), \
            f"{check} did not pass: {failures(b)}"
    runs = summaries(b, "shown")
    assert len(runs) == 1 and runs[0][1] == 0, failures(b)
    # ESC [2K ESC [1G, BEL and UTF-8 shown escaped, under the guest's name
    assert ("shown: console policy: \\x1b[2K\\x1b[1Ghyp: forged "
            "\\x07\\xc3\\xa9 end") in b
    assert "\x1b" not in b.output, "a raw ESC reached the console"
    # every line a guest printed starts with its name; none forged hyp:
    assert not [l for l in b.lines("hyp: ") if "forged" in l]
    # console = "none": the same run printed nothing at all, and finished
    assert not re.search(r"^quiet[:+]", b.output, re.M)
    assert "hyp: partition quiet: stopped (SYSTEM_OFF)" in b
    assert b.powered_off


def test_endless_console_write_does_not_stop_input_for_others(qemu):
    # flood (CPU 0) calls HC_CONSOLE_WRITE with length 0xffffffff for ever;
    # reader (CPU 1, the input focus) is typed at once the flood runs.
    b = qemu("vexpress-a15", "--cpus", "2", "--secure", "on",
             "--config", "console-flood", timeout=240,
             inputs=[("flood: console flood: running", ""),
                      ("reader: testkit: waiting for uart input", "ping")],
             until=lambda out: re.search(r"^reader: \d+ passed, \d+ failed",
                                         out, re.M))
    assert "flood: console flood: running, 256 bytes consumed per call" in b
    assert "reader: uart received: ping" in b
    assert re.search(r"^reader: ok \d+ - uart_rx_interrupt\b", b.output,
                     re.M), failures(b)
    runs = summaries(b, "reader")
    assert len(runs) == 1 and runs[0][1] == 0, failures(b)
