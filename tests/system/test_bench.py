"""Exit-cost benchmarks (docs/benchmarks.md). The test guest times each kind
of exit under QEMU's -icount, where the counter counts instructions: the
numbers must all be there and come out the same every run. How fast is
measured, never asserted: there are no thresholds here."""
import re

from test_partitions import failures, summaries

OPS = ["hvc_null", "psci_version", "mmio_read", "vgic_dist_read",
       "cp15_actlr", "uart_fr_read", "uart_dr_write", "sgi_self"]
LINE = re.compile(r"^testkit: bench: (\w+): (\d+(?:\.\d+)?) instructions per "
                  r"round trip \((\d+) iterations\)\r?$", re.M)


def run_bench(qemu):
    """Boots the bench configuration as scripts/bench.sh does; returns
    {name: (instructions per round trip, iterations)}."""
    b = qemu("vexpress-a15", "--cpus", "1", "--secure", "on",
             "--config", "bench", "--", "-icount", "shift=0", timeout=120)
    assert "-icount shift=0" in b, "the QEMU arguments after -- were dropped"
    results = {}
    for name, value, iters in LINE.findall(b.output):
        assert name not in results, f"{name} reported twice"
        results[name] = (float(value), int(iters))
    runs = summaries(b, "testkit")
    assert len(runs) == 1, "testkit did not finish"
    assert runs[0][1] == 0, failures(b)
    assert b.powered_off
    return results


def test_bench_numbers_are_complete_positive_and_deterministic(qemu):
    first = run_bench(qemu)
    second = run_bench(qemu)
    for results in (first, second):
        missing = [op for op in OPS if op not in results]
        assert not missing, f"no bench line for {missing}"
        for op in OPS:
            value, iters = results[op]
            assert value > 0, f"{op}: {value} instructions per round trip"
            assert iters > 0
    for op in OPS:
        print(f"{op}: {first[op][0]} instructions per round trip")
    assert first == second, \
        f"two runs under -icount differ: {first} vs {second}"
