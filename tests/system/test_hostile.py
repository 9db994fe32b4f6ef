"""Issue 10 (isolation): the hostile guest (guests/hostile) attacks the
hypervisor from its partition (CPUs 0-1) beside a victim testkit partition
(CPUs 2-3). Each test runs one attack and asserts that it ran, that it
failed (nothing leaked, nothing counted, the victim got its input), that the
victim reports 0 failed, that the hypervisor never halted and that the
machine powered off. Configurations: configs/vexpress-a15/hostile-*.dts."""
import re

from conftest import ROOT  # noqa: F401 (the fixture's module)


def summaries(b, name):
    return [(int(p), int(f)) for p, f in
            re.findall(rf"^{name}: (\d+) passed, (\d+) failed", b.output, re.M)]


def failures(b):
    return [l for l in b.output.splitlines() if ": not ok " in l]


def ok(b, name):
    return re.search(rf"^hostile: ok \d+ - {name}\b", b.output, re.M)


def run(qemu, attack, timeout=300, **kw):
    b = qemu("vexpress-a15", "--cpus", "4", "--secure", "on",
             "--config", f"hostile-{attack}", timeout=timeout, **kw)
    assert f"hostile: # hostile: attack {attack}" in b, b.output[-3000:]
    return b


def victim_unharmed_and_off(b):
    # the hypervisor's own lines (the fuzzer may print its own RAM, escaped,
    # under its name: only "hyp: " lines are the hypervisor's)
    halts = [l for l in b.lines("hyp: ")
             if "panic" in l.lower() or "unexpected" in l.lower()]
    assert not halts, b.output[-3000:]
    victim = summaries(b, "victim")
    assert len(victim) == 1 and victim[0][1] == 0, failures(b)
    assert "hyp: partition victim: stopped (SYSTEM_OFF)" in b
    assert "hyp: every partition is off" in b
    assert b.powered_off


def hostile_passed(b):
    runs = summaries(b, "hostile")
    assert len(runs) == 1 and runs[0][1] == 0 and runs[0][0] > 0, failures(b)


def test_reset_storm_beside_a_rebooting_victim(qemu):
    b = run(qemu, "reset-storm")
    out = b.output
    restarts = [int(r) for r in re.findall(
        r"hyp: partition hostile: SYSTEM_RESET \(restart (\d+)\)", out)]
    victim_restarts = [int(r) for r in re.findall(
        r"hyp: partition victim: SYSTEM_RESET \(restart (\d+)\)", out)]
    print(f"hostile restarts: {len(restarts)}, victim restarts: "
          f"{len(victim_restarts)}")
    assert restarts == list(range(1, 17))
    # the victim reset itself 8 times, then ran its checks
    assert victim_restarts == list(range(1, 9))
    assert re.search(r"^victim: ok \d+ - dt_area_clean_after_resets",
                     out, re.M), failures(b)
    assert ok(b, "dt_area_clean_after_resets"), failures(b)
    hostile_passed(b)
    assert "hyp: partition hostile: stopped (SYSTEM_OFF)" in b
    victim_unharmed_and_off(b)


def test_reset_off_race_resolves_beside_a_victim(qemu):
    b = run(qemu, "reset-off-race")
    out = b.output
    restarts = len(re.findall(r"partition hostile: SYSTEM_RESET \(restart",
                              out))
    boots = len(re.findall(r"^hostile: # reset-off-race boot", out, re.M))
    ended = re.findall(r"hyp: partition hostile: stopped \((.*)\)", out)
    print(f"hostile: {boots} boot(s), {restarts} restart(s), ended: {ended}")
    print("resolutions:", re.findall(
        r"hyp: partition hostile: (\S+ while it (?:resets|stops)[^\n]*)", out))
    # every race resolved: one end, and every boot but the last a restart
    assert len(ended) == 1
    assert boots >= 1 and restarts == boots - 1
    assert all(f == 0 for _, f in summaries(b, "hostile")), failures(b)
    victim_unharmed_and_off(b)


def test_endless_console_write_does_not_stop_the_victims_input(qemu):
    # the victim (first partition: the input focus) is typed at once it
    # waits; the flood lasts 20 s from the hostile's start
    b = run(qemu, "console-flood", timeout=300,
            inputs=[("hostile: # console-flood: running", ""),
                    ("victim: testkit: waiting for uart input", "ping")])
    out = b.output
    assert "victim: uart received: ping" in b
    assert re.search(r"^victim: ok \d+ - uart_rx_interrupt\b", out, re.M), \
        failures(b)
    # a measurement (a loaded host may start the victim late): did the
    # input arrive while the flood ran? test_console_policy.py asserts it
    # with a flood that never ends
    got = out.index("victim: uart received: ping")
    flood_end = out.find("hostile: # console-flood: ", out.index(
        "hostile: # console-flood: running") + 1)
    print(re.findall(r"^hostile: # console-flood: .*$", out, re.M))
    print("input arrived during the flood:", flood_end < 0 or got < flood_end)
    # the flood's calls were each capped, the end of RAM respected
    for check in ("console_write_capped", "console_write_stays_in_ram",
                  "console_write_outside_ram_refused"):
        assert ok(b, check), failures(b)
    # forged lines shown escaped under the hostile's name, never raw
    assert "hostile: \\x1b[2K\\x1b[1Ghyp: forged by hostile\\x07" in b
    assert "\x1b" not in out, "a raw ESC reached the console"
    assert not [l for l in b.lines("hyp: ") if "forged" in l]
    hostile_passed(b)
    victim_unharmed_and_off(b)


def test_dt_and_ram_scan_finds_nothing_of_the_victim(qemu):
    b = run(qemu, "dt-scan")
    print(re.findall(r"^hostile: # dt-scan: .*$", b.output, re.M))
    # the scanner works: it finds its own bootargs in its own tree
    assert ok(b, "dt_scan_control_own_bootargs_found"), failures(b)
    for check in ("dt_scan_secret_not_found", "dt_scan_tail_zero",
                  "dt_scan_ram_zero"):
        assert ok(b, check), failures(b)
    assert "victim.secret=TESSERA-SECRET-4b1d" in b  # the victim's own line
    hostile_passed(b)
    victim_unharmed_and_off(b)


def test_pmu_probe_counts_nothing(qemu):
    b = run(qemu, "pmu-probe")
    print(re.findall(r"^hostile: # pmu-probe: .*$", b.output, re.M))
    for check in ("pmu_cycle_counter_counts_nothing",
                  "pmu_event_counter_counts_nothing", "pmu_no_counters",
                  "debug_registers_not_the_guests"):
        assert ok(b, check), failures(b)
    hostile_passed(b)
    victim_unharmed_and_off(b)


def test_exit_fuzzer_leaves_the_victim_and_hypervisor_unharmed(qemu):
    b = run(qemu, "fuzz")
    m = re.search(r"^hostile: fuzz: (\d+) operations in (\d+) ms, seed (\d+), "
                  r"faults (\d+), undefined (\d+)", b.output, re.M)
    assert m, b.output[-3000:]
    print(m.group(0))
    print(re.findall(r"^hostile: # fuzz: gicd.*$", b.output, re.M))
    n, _, seed, faults, undefs = map(int, m.groups())
    assert seed == 1
    # it did provoke what it aims at (counts vary with the host's speed)
    assert n > 0 and faults > 0 and undefs > 0
    # 16- and 32-bit Thumb MMIO, one in an IT block: each exit resumed
    # after exactly the access
    assert ok(b, "thumb_mmio_exact_skip"), failures(b)
    assert ok(b, "hypercalls_answer_after_fuzz"), failures(b)
    hostile_passed(b)
    assert "hyp: partition hostile: stopped (SYSTEM_OFF)" in b
    victim_unharmed_and_off(b)
