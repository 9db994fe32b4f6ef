"""Issue 4: the default system of `make run`: a Linux shell beside the
running rt partition, with console input switched between them."""
import re

RT_LINE = re.compile(r"^rt: \d+ periods of 1000 us: lateness max \d+ us",
                     re.M)


def test_make_run_gives_a_linux_shell_beside_rt(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--config", "default",
             timeout=300,
             inputs=[("linux: TESSERA-SHELL", "echo shell-says-$((6*7))\n"),
                     ("linux: shell-says-42", "\x1cn"),
                     ("console input goes to partition rt", "s"),
                     ("rt: on request:", "\x1c1"),
                     ("console input goes to partition linux",
                      "cat /proc/cpuinfo | grep -c ^processor\n"),
                     ("linux: 2\r", "echo head=$(devmem 0xa0000008)\n")],
             until=lambda out: re.search(r"^linux: head=0x[0-9A-Fa-f]+\r?$",
                                         out, re.M) is not None)
    assert "linux: shell-says-42" in b, "the shell did not answer"
    assert "hyp: console input goes to partition rt" in b
    assert "hyp: console input goes to partition linux" in b
    assert re.search(r"^linux: 2\r?$", b.output, re.M), "Linux has 2 CPUs"
    # rt publishes on the channel and answers on the console when asked
    assert "rt: on request:" in b
    assert RT_LINE.search(b.output.split("rt: on request:", 1)[1])
    # Linux reads the head of rt's telemetry ring through /dev/mem: rt has
    # published (a head of 0 would mean nothing was written)
    head = re.search(r"^linux: head=(0x[0-9A-Fa-f]+)\r?$", b.output, re.M)
    assert head and int(head.group(1), 16) > 0, head
