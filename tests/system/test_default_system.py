"""Issue 4: the default system of `make run`: a Linux shell beside the
running rt partition, with console input switched between them; rt's
statistics reach the shell over the virtual network (issue 12)."""
import re

RT_LINE = re.compile(r"^rt: \d+ periods of 1000 us: lateness max \d+ us",
                     re.M)
# rt's statistics received over the virtual network by the Linux shell
LINUX_STATS = re.compile(r"^linux: rt: \d+ periods of 1000 us: lateness "
                         r"max \d+ us", re.M)


def test_make_run_gives_a_linux_shell_beside_rt(qemu):
    b = qemu("vexpress-a15", "--cpus", "4", "--config", "default",
             timeout=300,
             inputs=[("linux: TESSERA-SHELL", "echo shell-says-$((6*7))\n"),
                     ("linux: shell-says-42", "\x1cn"),
                     ("console input goes to partition rt", "s"),
                     ("rt: on request:", "\x1c1"),
                     ("console input goes to partition linux",
                      "cat /proc/cpuinfo | grep -c ^processor; "
                      "udpcat -1 5000\n")],
             until=lambda out: LINUX_STATS.search(out) is not None)
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
