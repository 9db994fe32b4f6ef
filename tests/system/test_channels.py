"""Issue 12: channels between partitions (docs/channels.md). Two test-guest
partitions exchange records through shared memory and doorbells, a
read-only endpoint cannot write, and a doorbell flood leaves its peer
working. Times are printed by the guests, never asserted here."""
import re

from test_partitions import failures, summaries

CHANNEL_CHECKS = {
    "ping": ["channel_open", "channel_nodes_and_doorbell_registers",
             "channel_hypercall_refuses_foreign_channel",
             "channel_ping_pong", "channel_read_write_sends"],
    "pong": ["channel_open", "channel_nodes_and_doorbell_registers",
             "channel_hypercall_refuses_foreign_channel",
             "channel_read_only_write_aborts", "channel_ping_pong",
             "channel_read_only_receives"],
}


def passed(b, name, check):
    return re.search(rf"^{name}: ok \d+ - {check}\b", b.output, re.M)


def test_two_partitions_ping_pong_through_channels(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--secure", "on",
             "--config", "testkit-channel", timeout=240)
    assert "hyp: channel pingpong: 16 KiB at host" in b
    assert "hyp: channel oneway: 4 KiB at host" in b
    for name, checks in CHANNEL_CHECKS.items():
        runs = summaries(b, name)
        assert len(runs) == 1, f"{name} did not finish"
        assert runs[0][1] == 0, failures(b)
        for check in checks:
            assert passed(b, name, check), f"{name}: {check} did not pass"
    # what the tree told each side
    assert ("pong: # channel oneway: id 1, endpoint 1 of 2 (ro), memory "
            "0x90100000 + 0x1000, doorbell 0x90101000, INTID 65") in b
    assert ("ping: # channel pingpong: id 0, endpoint 0 of 2 (rw), memory "
            "0x90000000 + 0x4000, doorbell 0x90004000, INTID 64") in b
    assert "pong: # channel burst: 2000 records of 64 bytes" in b
    assert b.powered_off


def test_doorbell_flood_beside_a_victim_that_still_passes(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--secure", "on",
             "--config", "doorbell-flood", timeout=300,
             until=lambda out: re.search(r"^victim: \d+ passed, \d+ failed",
                                         out, re.M))
    assert "flood: doorbell flood: running on channel bell" in b
    # the flood starts with the partitions: the victim's interrupt, timer
    # and UART checks (all past its first 20) ran beside it
    assert b.output.index("flood: doorbell flood: running") < \
        b.output.index("victim: ok 20 ")
    runs = summaries(b, "victim")
    assert len(runs) == 1, "victim did not finish"
    assert runs[0][1] == 0, failures(b)
    assert runs[0][0] >= 30
    assert passed(b, "victim", "channel_flood_victim_progresses")


BENCH = re.compile(r"^(ping|pong): bench: (doorbell_round_trip|"
                   r"channel_throughput): (\d+) ", re.M)


def test_channel_benchmarks_under_icount(qemu):
    # as scripts/bench.sh runs them: the numbers are there and positive,
    # never judged
    b = qemu("vexpress-a15", "--cpus", "2", "--secure", "on",
             "--config", "bench-channel", "--", "-icount", "shift=0",
             timeout=240)
    found = {name: int(v) for _, name, v in BENCH.findall(b.output)}
    assert set(found) == {"doorbell_round_trip", "channel_throughput"}
    assert all(v > 0 for v in found.values()), found
    for name in ("ping", "pong"):
        runs = summaries(b, name)
        assert len(runs) == 1 and runs[0][1] == 0, failures(b)
    assert b.powered_off
