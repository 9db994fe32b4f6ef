"""Issue 4: the default system of `make run`: a Linux shell beside the
running rt partition, with console input switched between them; rt's
statistics reach the shell over the virtual network and on the channel
"telemetry", which the shell reads through /dev/mem (issue 12)."""
import re
import struct

RT_LINE = re.compile(r"^rt: \d+ periods of 1000 us: lateness max \d+ us",
                     re.M)
# rt's statistics received over the virtual network by the Linux shell
LINUX_STATS = re.compile(r"^linux: rt: \d+ periods of 1000 us: lateness "
                         r"max \d+ us", re.M)

# rt's telemetry ring as Linux's endpoint maps it (docs/channels.md, ring
# layout; guests/rt/telemetry.h, struct rt_telemetry)
RING = 0xa0000000
RING_MAGIC = 0x31484354  # "TCH1"
RECORD = struct.Struct("<9I")  # length, then struct rt_telemetry's 8 words
# In the shell: the header, the head again a few seconds later, and the
# newest record (it starts 36 bytes before the head: rt's records are all
# 4 + 32 bytes; offsets wrap at the capacity), each word with devmem.
READ_RING = (
    f"m=$(devmem {RING:#x}); c=$(devmem {RING + 4:#x}); "
    f"h1=$(devmem {RING + 8:#x}); sleep 3; h2=$(devmem {RING + 8:#x}); "
    f"a=$(( (h2 - {RECORD.size}) & (c - 1) )); r=; "
    f"for i in {' '.join(str(i) for i in range(RECORD.size // 4))}; do "
    f"r=\"$r $(devmem $(( {RING + 0x80:#x} + ((a + 4 * i) & (c - 1)) )))\"; "
    "done; echo \"ring-header: $m $c $h1 $h2\"; echo \"ring-record:$r\"\n")
HEX = r" (0x[0-9A-Fa-f]{8})"
RING_HEADER = re.compile(r"^linux: ring-header:" + HEX * 4 + r"\r?$", re.M)
RING_RECORD = re.compile(r"^linux: ring-record:" + HEX * 9 + r"\r?$", re.M)


def test_make_run_gives_a_linux_shell_beside_rt(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--config", "default",
             timeout=300,
             inputs=[("linux: TESSERA-SHELL", "echo shell-says-$((6*7))\n"),
                     ("linux: shell-says-42", "\x1cn"),
                     ("console input goes to partition rt", "s"),
                     ("rt: on request:", "\x1c1"),
                     ("console input goes to partition linux",
                      "cat /proc/cpuinfo | grep -c ^processor; "
                      "udpcat -1 5000\n"),
                     ("linux: rt: ", READ_RING)],
             until=lambda out: RING_RECORD.search(out) is not None)
    assert "linux: shell-says-42" in b, "the shell did not answer"
    assert "hyp: console input goes to partition rt" in b
    assert "hyp: console input goes to partition linux" in b
    assert re.search(r"^linux: 2\r?$", b.output, re.M), "Linux has 2 CPUs"
    # rt reports on the console only past its threshold or when asked:
    # 's' typed to it brings the latest window
    assert "rt: on request:" in b
    assert RT_LINE.search(b.output.split("rt: on request:", 1)[1])
    # and the shell read one of its reports over the virtual network
    assert LINUX_STATS.search(b.output), "no statistics datagram in Linux"
    # and read rt's ring through /dev/mem (issue 12): set up, moving, and
    # its newest record is one of rt's windows
    header = RING_HEADER.search(b.output)
    assert header, "the shell did not read the ring's header"
    magic, cap, head1, head2 = (int(x, 16) for x in header.groups())
    print(f"telemetry ring: capacity {cap}, head {head1:#x} then {head2:#x}")
    assert magic == RING_MAGIC
    assert cap and cap & (cap - 1) == 0, "capacity a power of two"
    assert head2 > head1 > 0, "rt's head does not move as Linux sees it"
    assert head1 % RECORD.size == 0 and head2 % RECORD.size == 0
    words = [int(x, 16) for x in RING_RECORD.search(b.output).groups()]
    length, seq, period_us, deadlines, taken, missed, _early, max_us, \
        mean_us = words
    print(f"newest record: {words}")
    assert length == RECORD.size - 4
    assert seq == head2 // RECORD.size, "record k of rt's run is at 36 k"
    assert period_us == 1000
    assert deadlines == taken + missed and deadlines > 0
    assert mean_us <= max_us
