#!/usr/bin/env bash
# Linux boot benchmark (docs/benchmarks.md, "Linux boot"). Boots the same
# Debian kernel and busybox initramfs (build/linux/) natively and as a
# Tessera partition on the same QEMU machine (vexpress-a15), and prints per
# system:
#   - the instructions executed until the kernel prints `Run /init as init
#     process`, under -icount shift=0 with one guest CPU (deterministic);
#   - the wall time from QEMU's start to that line, median of N runs
#     interleaved native, tessera, native, ...;
#   - the same with H busy-loop processes competing for the host's CPUs;
# and the ratios tessera/native. Builds nothing: run `make bench-linux`, or
# `make linux-configs` first (tests/system/configs/vexpress-a15/linux-bench*.dts).
#
#   scripts/bench-linux.sh [--runs N] [--hogs H] [--quick]
#     --runs N   wall-time runs per system and load (default 3)
#     --hogs H   CPU hogs for the loaded runs (default 3; 0 skips them)
#     --quick    --runs 1 --hogs 0 (for tests)
#
# Every console is kept in build/bench-linux/ (or $BENCH_LINUX_OUT). Fails
# (status 1) only when a boot fails: no `Run /init` within
# BENCH_LINUX_TIMEOUT seconds (default 300) or, under -icount, no clock
# reading. How fast is measured, never judged: no ratio makes it fail.
set -euo pipefail
{ # parsed whole before it runs: editing the file cannot disturb a run

here=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD:-$here/build}
timeout_s=${BENCH_LINUX_TIMEOUT:-300}
runs=3 hogs=3
while [ $# -gt 0 ]; do
    case "$1" in
    --runs|-n) runs=$2; shift ;;
    --hogs|-H) hogs=$2; shift ;;
    --quick) runs=1 hogs=0 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench-linux.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
case "$runs$hogs" in *[!0-9]*) echo "bench-linux.sh: --runs and --hogs take numbers" >&2; exit 2 ;; esac
[ "$runs" -ge 1 ] || { echo "bench-linux.sh: --runs must be at least 1" >&2; exit 2; }

linux=$build/linux
plat=$build/vexpress-a15
for f in "$linux/zImage" "$linux/initramfs.cpio.gz" "$linux/vexpress-v2p-ca15-tc1.dtb" \
         "$plat/linux-bench/hyp.bin" "$plat/linux-bench-1cpu/hyp.bin"; do
    [ -f "$f" ] || { echo "bench-linux.sh: $f is not built (make linux-configs)" >&2; exit 1; }
done
python=/usr/bin/python3
[ -x "$python" ] || python=python3

out=${BENCH_LINUX_OUT:-$build/bench-linux}
rm -rf "$out"
mkdir -p "$out"
monitor=$out/monitor gdb=$out/gdb clock_at=

# The hogs: busy loops, each bounded by timeout(1) in case this script is
# killed before its trap runs; the trap ends them on any exit.
hog_pids=()
stop_hogs() {
    [ ${#hog_pids[@]} -gt 0 ] || return 0
    kill "${hog_pids[@]}" 2>/dev/null || true
    wait "${hog_pids[@]}" 2>/dev/null || true
    hog_pids=()
}
start_hogs() {
    local i limit=$((runs * 2 * (timeout_s + 10) + 60))
    for ((i = 0; i < $1; i++)); do
        timeout "$limit" bash -c 'while :; do :; done' &
        hog_pids+=($!)
    done
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM

# The kernel command line is the partition's (its bootargs), so that both
# systems boot with the same one.
bootargs() { fdtget -t s "$plat/$1/config.dtb" /partitions/linux bootargs; }

# Reads the virtual clock through the QEMU monitor (socket $1) once the run
# has reached its end point: the motherboard's 24 MHz counter (SYS_24MHZ,
# V2M-P1 system registers 0x1c010000 + 0x5c), which QEMU derives from its
# virtual clock. The end point is, with $2 = gdb socket and $3 = address, a
# breakpoint set through QEMU's gdb stub (QEMU started with -S); without,
# the machine powered off (QEMU paused by -no-shutdown). Prints the counter,
# then quits QEMU.
read_clock() {
    "$python" - "$@" <<'PY'
import os, re, socket, sys, time

def connect(path):
    for _ in range(600):
        if os.path.exists(path):
            s = socket.socket(socket.AF_UNIX)
            try:
                s.connect(path)
                return s
            except OSError:
                s.close()
        time.sleep(0.1)
    raise SystemExit(f"cannot connect to {path}")

def until(s, end):
    buf = b""
    while not buf.endswith(end):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("QEMU closed the connection")
        buf += chunk
    return buf.decode("utf-8", "replace")

def ask(s, cmd):
    s.sendall(cmd.encode() + b"\n")
    return until(s, b"(qemu) ")

def packet(s, data):
    """Sends a gdb remote protocol packet; returns the reply's payload."""
    s.sendall(b"$%s#%02x" % (data.encode(), sum(data.encode()) % 256))
    buf = b""
    while not re.search(rb"\$[^#]*#..", buf):
        chunk = s.recv(4096)
        if not chunk:
            raise SystemExit("gdb stub closed the connection")
        buf += chunk
    s.sendall(b"+")
    return re.search(rb"\$([^#]*)#", buf).group(1).decode()

mon = connect(sys.argv[1])
mon.settimeout(None)
until(mon, b"(qemu) ")
if len(sys.argv) > 2:
    gdb = connect(sys.argv[2])
    addr = int(sys.argv[3], 16) & ~1  # a Thumb symbol has bit 0 set
    if packet(gdb, "Z0,%x,4" % addr) != "OK":
        raise SystemExit("cannot set the breakpoint")
    stop = packet(gdb, "c")
    if not stop.startswith("T05"):
        raise SystemExit(f"stopped with {stop}, not at the breakpoint")
else:
    for _ in range(600):
        if "shutdown" in ask(mon, "info status"):
            break
        time.sleep(0.1)
    else:
        raise SystemExit("the machine did not power off")
m = re.search(r"1c01005c: 0x([0-9a-f]+)", ask(mon, "xp /1wx 0x1c01005c"))
mon.sendall(b"quit\n")
while mon.recv(4096):  # QEMU closes the monitor as it quits
    pass
if not m:
    raise SystemExit("no SYS_24MHZ value")
print(int(m.group(1), 16))
PY
}

# Copies QEMU's console (stdin) to $1, noting in $1.init when the `Run /init`
# line arrived; with a monitor socket $2, reads the clock into $1.clock once
# the guest powers off.
watch_console() {
    local log=$1 sock=${2:-} line
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        printf '%s\n' "$line" >>"$log"
        case $line in
        *"Run /init as init process"*)
            [ -f "$log.init" ] || echo "$EPOCHREALTIME" >"$log.init" ;;
        *"reboot: Power down"*)
            [ -z "$sock" ] || read_clock "$sock" >"$log.clock" 2>>"$log" || true ;;
        esac
    done
}

# boot SYSTEM CPUS CONFIG LOG [QEMU ARGS...]: one boot until QEMU exits.
# With clock_at set, the QEMU arguments open the monitor on $monitor and the
# clock is read (read_clock) into LOG.clock: clock_at=poweroff once the
# machine is off, clock_at=ADDRESS at a breakpoint there (gdb stub on $gdb).
# native: QEMU loads the kernel, initramfs and the kernel's board tree itself;
# tessera: scripts/qemu-run.sh boots the hypervisor with CONFIG. The machine
# (vexpress-a15, virtualization=on, secure=off) and CPU count are the same;
# the memory is the partition's (256 MiB) natively and QEMU's 1 GiB default
# for the hypervisor.
boot() {
    local sys=$1 cpus=$2 cfg=$3 log=$4 cmd
    shift 4
    if [ "$sys" = native ]; then
        cmd=(qemu-system-arm -M vexpress-a15,virtualization=on,secure=off
             -smp "$cpus" -m 256M -audiodev none,id=snd0
             -kernel "$linux/zImage" -initrd "$linux/initramfs.cpio.gz"
             -dtb "$linux/vexpress-v2p-ca15-tc1.dtb" -append "$(bootargs "$cfg")"
             -nographic -nic none "$@")
        echo "+ ${cmd[*]@Q}" >"$log"
    else
        cmd=("$here/scripts/qemu-run.sh" vexpress-a15 --cpus "$cpus"
             --config "$cfg" -- "$@")
        : >"$log"
    fi
    rm -f "$log.init" "$log.clock" "$monitor" "$gdb"
    local watch= helper=
    case $clock_at in
    '') ;;
    poweroff) watch=$monitor ;;
    *) read_clock "$monitor" "$gdb" "$clock_at" >"$log.clock" 2>>"$log" &
       helper=$! ;;
    esac
    local t0=$EPOCHREALTIME rc
    set +e
    timeout -k 5 "$timeout_s" "${cmd[@]}" </dev/null 2>&1 | watch_console "$log" "$watch"
    rc=${PIPESTATUS[0]}
    [ -z "$helper" ] || wait "$helper"
    set -e
    echo "$t0" >"$log.start"
    return "$rc"
}

fail=0
lockups() { grep -c "soft lockup" "$1" || true; }
stamp() { # the guest's printk time of a line, in seconds
    sed -n "s/^\(linux: \)\{0,1\}\[ *\([0-9]*\.[0-9]*\)\] $2.*/\2/p" "$1" | head -n 1
}

# One wall-time boot: prints its line, appends the seconds to the named
# array on success.
declare -A wall
wall_run() {
    local phase=$1 i=$2 sys=$3 log=$out/$1-$2-$3.log rc=0
    boot "$sys" 2 linux-bench "$log" || rc=$?
    local n
    n=$(lockups "$log")
    if [ ! -f "$log.init" ]; then
        echo "bench-linux: run $i $phase $sys: FAILED (no Run /init, QEMU status $rc), $n soft lockup messages; see $log"
        fail=1
        return
    fi
    # Reaching /init is what is timed; a guest that got there but did not
    # power off in time (a stall after it) is reported, not a failed boot.
    local s late=
    s=$(awk -v a="$(cat "$log.start")" -v b="$(cat "$log.init")" 'BEGIN { printf "%.3f", b - a }')
    [ "$rc" -eq 0 ] || late=" (then not off within ${timeout_s} s: QEMU status $rc)"
    wall[$phase-$sys]+="$s "
    echo "bench-linux: run $i $phase $sys: $s s to Run /init, $n soft lockup messages$late"
}

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{ a[NR] = $1 }
    END { if (NR == 0) print "n/a"; else if (NR % 2) printf "%.3f\n", a[(NR + 1) / 2];
          else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.3f", a / b; else printf "n/a" }'; }

echo "bench-linux: $(qemu-system-arm --version | head -n 1); $(head -n 1 "$linux/VERSION"); host $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- instructions to /init, -icount shift=0, one CPU
# The virtual clock advances 1 ns per instruction (sleep=on: an idle CPU
# jumps to its next timer deadline, which keeps the count deterministic).
# The guest's printk clock runs from the same counter but starts late (at
# the kernel's time_init; under Tessera the partition's counter also starts
# at partition start), so QEMU's clock V (ns since reset) is read at a point
# after the guest printed `reboot: Power down` at P, and the instructions to
# `Run /init`, printed at I, are V - (P - I): everything from reset, the
# decompressor and early boot included and, under Tessera, the hypervisor's
# boot and image loading. V is read natively once the machine is off (QEMU
# paused by -no-shutdown: the kernel busy-waits after its power-off request
# until QEMU's main loop stops it, microseconds on a quiet host), under
# Tessera at a breakpoint on the hypervisor's power_off() (exact).
declare -A icount
for sys in native tessera; do
    log=$out/icount-$sys.log
    args=(-icount shift=0,sleep=on -monitor "unix:$monitor,server=on,wait=off")
    if [ "$sys" = native ]; then
        clock_at=poweroff args+=(-no-shutdown)
    else
        clock_at=$("${CROSS:-arm-none-eabi-}nm" "$plat/linux-bench-1cpu/hyp.elf" |
                   sed -n 's/^\([0-9a-f]*\) T power_off$/\1/p')
        args+=(-S -gdb "unix:$gdb,server=on,wait=off")
        if [ -z "$clock_at" ]; then
            echo "bench-linux: icount $sys: FAILED (no power_off in hyp.elf)"
            fail=1
            continue
        fi
    fi
    rc=0
    boot "$sys" 1 linux-bench-1cpu "$log" "${args[@]}" || rc=$?
    clock_at=
    i=$(stamp "$log" "Run \/init as init process")
    p=$(stamp "$log" "reboot: Power down")
    v=$(cat "$log.clock" 2>/dev/null || true)
    if [ "$rc" -ne 0 ] || [ -z "$i" ] || [ -z "$p" ] || [ -z "$v" ]; then
        echo "bench-linux: icount $sys: FAILED (QEMU status $rc, Run /init at '${i}', power down at '${p}', clock '${v}'); see $log"
        fail=1
        continue
    fi
    read -r n before < <(awk -v v="$v" -v i="$i" -v p="$p" 'BEGIN {
        ns = v * 1000 / 24; printf "%.0f %.0f\n", ns - (p - i) * 1e9, ns - p * 1e9 }')
    icount[$sys]=$n
    echo "bench-linux: icount $sys: $n instructions to Run /init (guest clock there $i s; $before before the guest clock started), $(lockups "$log") soft lockup messages"
done
echo "bench-linux: instructions to Run /init: native ${icount[native]:-n/a}, tessera ${icount[tessera]:-n/a}, ratio $(ratio "${icount[tessera]:-}" "${icount[native]:-}")"
gi=$(stamp "$out/icount-tessera.log" "Run \/init as init process")
gn=$(stamp "$out/icount-native.log" "Run \/init as init process")
echo "bench-linux: guest clock at Run /init under -icount: native ${gn:-n/a} s, tessera ${gi:-n/a} s, ratio $(ratio "$gi" "$gn")"

# ---- wall time to /init, quiet and with hogs, interleaved
phases=(quiet)
[ "$hogs" -eq 0 ] || phases+=("hogs$hogs")
for phase in "${phases[@]}"; do
    [ "$phase" = quiet ] || start_hogs "$hogs"
    for ((r = 1; r <= runs; r++)); do
        wall_run "$phase" "$r" native
        wall_run "$phase" "$r" tessera
    done
    stop_hogs
done
for phase in "${phases[@]}"; do
    what="quiet host"
    [ "$phase" = quiet ] || what="$hogs CPU hogs"
    n=$(echo "${wall[$phase-native]:-}" | median)
    t=$(echo "${wall[$phase-tessera]:-}" | median)
    cn=$(echo "${wall[$phase-native]:-}" | wc -w)
    ct=$(echo "${wall[$phase-tessera]:-}" | wc -w)
    note=
    [ "$cn$ct" = "$runs$runs" ] || note=" (of the runs that reached /init: native $cn, tessera $ct)"
    echo "bench-linux: wall time to Run /init, $what, median of $runs: native $n s, tessera $t s, ratio $(ratio "$t" "$n")$note"
done
if [ "$hogs" -ne 0 ]; then
    nq=$(echo "${wall[quiet-native]:-}" | median)
    tq=$(echo "${wall[quiet-tessera]:-}" | median)
    nh=$(echo "${wall[hogs$hogs-native]:-}" | median)
    th=$(echo "${wall[hogs$hogs-tessera]:-}" | median)
    echo "bench-linux: slowdown under $hogs CPU hogs (loaded/quiet): native $(ratio "$nh" "$nq"), tessera $(ratio "$th" "$tq")"
fi
for sys in native tessera; do
    total=0
    for f in "$out"/*-"$sys".log; do
        total=$((total + $(lockups "$f")))
    done
    echo "bench-linux: soft lockup messages, $sys, all runs: $total"
done
exit "$fail"
}
