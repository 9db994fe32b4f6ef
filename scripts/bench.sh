#!/usr/bin/env bash
# Exit-cost benchmarks (docs/benchmarks.md). Builds nothing: run `make` first
# (or `make bench`, which does). Boots build/vexpress-a15/bench/hyp.bin
# (tests/system/configs/vexpress-a15/bench.dts: the test guest alone on one
# CPU, testkit.mode=bench) under QEMU with -icount shift=0, where the virtual
# clock advances 1 ns per instruction executed, guest and hypervisor alike:
# the numbers count instructions and are the same on every host and run.
#
#   scripts/bench.sh [-v]      -v: the whole console output, not just results
#
# Prints the `bench:` lines and the test guest's summary; fails if QEMU does
# not power off within BENCH_TIMEOUT seconds (default 120) or any bench line
# is missing. Then the virtual network's (bench-net.dts, below).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD:-$here/build}
timeout_s=${BENCH_TIMEOUT:-120}
verbose=0
[ "${1:-}" = -v ] && verbose=1
ops=(hvc_null psci_version mmio_read vgic_dist_read cp15_actlr uart_fr_read
     uart_dr_write sgi_self)

img=$build/vexpress-a15/bench/hyp.bin
[ -f "$img" ] || { echo "bench.sh: $img is not built (make)" >&2; exit 1; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
timeout --foreground -k 5 "$timeout_s" "$here/scripts/qemu-run.sh" \
    vexpress-a15 --cpus 1 --secure on --config bench -- -icount shift=0 \
    </dev/null >"$out" 2>&1
rc=$?
set -e
tr -d '\r' <"$out" >"$out.lf" && mv "$out.lf" "$out"

if [ "$verbose" = 1 ]; then
    cat "$out"
else
    grep -E '^\+ qemu-system-arm' "$out" >&2 || true
    grep -E '^testkit: (bench: |# bench: .*not run|# bench: sgi_self: SGI|[0-9]+ passed, [0-9]+ failed$|not ok )' \
        "$out" | sed 's/^testkit: //' || true
fi

fail=0
if [ "$rc" -ne 0 ]; then
    if [ "$rc" -eq 124 ]; then
        echo "bench.sh: QEMU did not power off within ${timeout_s} s" >&2
    else
        echo "bench.sh: QEMU exited with status $rc" >&2
    fi
    fail=1
fi
for op in "${ops[@]}"; do
    if ! grep -qE "^testkit: bench: $op: [0-9]+(\.[0-9]+)? instructions per round trip \([0-9]+ iterations\)$" "$out"; then
        echo "bench.sh: no result for $op" >&2
        fail=1
    fi
done
if [ "$fail" = 1 ] && [ "$verbose" = 0 ]; then
    echo "bench.sh: console output:" >&2
    tail -n 40 "$out" >&2
fi

# The virtual network between two partitions (docs/channels.md): round
# trips and throughput between two test guests, bench-net.dts. Without
# -icount (two polling vCPUs under it take minutes): host time, so these
# vary with the host and its load.
net_img=$build/vexpress-a15/bench-net/hyp.bin
if [ -f "$net_img" ]; then
    set +e
    timeout --foreground -k 5 "$timeout_s" "$here/scripts/qemu-run.sh" \
        vexpress-a15 --cpus 2 --secure on --config bench-net \
        </dev/null >"$out" 2>&1
    rc=$?
    set -e
    tr -d '\r' <"$out" >"$out.lf" && mv "$out.lf" "$out"
    [ "$verbose" = 1 ] && cat "$out"
    [ "$verbose" = 1 ] || grep -E '^ping: (bench: |# bench: )' "$out" |
        sed 's/^ping: //' || true
    for op in net_ping net_throughput; do
        if ! grep -qE "^ping: bench: $op: [0-9]+ " "$out"; then
            echo "bench.sh: no result for $op (status $rc)" >&2
            [ "$verbose" = 1 ] || tail -n 20 "$out" >&2
            fail=1
        fi
    done
else
    echo "bench.sh: $net_img is not built (make): no network benchmarks" >&2
    fail=1
fi

# Channels (docs/channels.md): two one-vCPU test-guest partitions
# (tests/system/configs/vexpress-a15/bench-channel.dts), also under
# -icount shift=0: ping's doorbell round trip, pong's burst throughput.
chan_ops=(doorbell_round_trip channel_throughput)
chan_img=$build/vexpress-a15/bench-channel/hyp.bin
if [ ! -f "$chan_img" ]; then
    echo "bench.sh: $chan_img is not built (make)" >&2
    exit 1
fi
set +e
timeout --foreground -k 5 "$timeout_s" "$here/scripts/qemu-run.sh" \
    vexpress-a15 --cpus 2 --secure on --config bench-channel -- \
    -icount shift=0 </dev/null >"$out" 2>&1
rc=$?
set -e
tr -d '\r' <"$out" >"$out.lf" && mv "$out.lf" "$out"
if [ "$verbose" = 1 ]; then
    cat "$out"
else
    grep -E '^(ping|pong): (bench: |[0-9]+ passed, [0-9]+ failed$|not ok )' \
        "$out" || true
fi
if [ "$rc" -ne 0 ]; then
    echo "bench.sh: bench-channel: QEMU did not power off (status $rc)" >&2
    fail=1
fi
for op in "${chan_ops[@]}"; do
    if ! grep -qE "^(ping|pong): bench: $op: [0-9]+ " "$out"; then
        echo "bench.sh: no result for $op" >&2
        fail=1
    fi
done
exit "$fail"
