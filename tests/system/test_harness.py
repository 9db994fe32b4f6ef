"""The boot() harness itself (conftest.py), with a stand-in for
scripts/qemu-run.sh: no QEMU, a second or so."""
import re
import sys

import pytest

# A console line that arrives in two pieces, as QEMU's byte-at-a-time
# console can hand it over; then the "machine" runs on until killed.
SPLIT_LINE = """#!/bin/sh
printf 'linux: head=0x0000'
sleep 1
printf '05A0\\n'
sleep 60
"""


@pytest.fixture
def split_console(qemu, tmp_path, monkeypatch):
    run = tmp_path / "qemu-run.sh"
    run.write_text(SPLIT_LINE)
    run.chmod(0o755)
    monkeypatch.setattr(sys.modules[qemu.__module__], "RUN", str(run))
    return qemu


def test_until_waits_for_the_end_of_the_line(split_console):
    # issue 12: the default-system test stopped on "head=0x0000" of a line
    # still arriving and read the ring's head as 0
    b = split_console("fake", timeout=20,
                      until=lambda out: re.search(r"head=0x[0-9A-F]+\r?$",
                                                  out, re.M) is not None)
    assert not b.timed_out
    assert "linux: head=0x000005A0" in b


def test_until_string_waits_for_the_end_of_the_line(split_console):
    b = split_console("fake", timeout=20, until="head=0x0000")
    assert not b.timed_out
    assert "linux: head=0x000005A0" in b
