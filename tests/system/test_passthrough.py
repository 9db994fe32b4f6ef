"""A physical device passed through, end to end: UART1 of the Versatile
Express motherboard (0x1c0a0000, SPI 6 = INTID 38) given to the test guest
with a device@0 node (configs/vexpress-a15/testkit-passthrough.dts). The
guest finds it in its device tree as a second PL011, programs it, transmits
on it, and receives through its interrupt: the physical SPI routed to the
CPU of the vCPU the guest targets and injected with the list register's HW
bit (the guest's EOI deactivates it).

QEMU's second serial port (UART1) is a pipe chardev: `-serial pipe:BASE`
makes QEMU read BASE.in and write BASE.out, two FIFOs made here. With an
explicit -serial, -nographic no longer adds serial0 itself, hence
`-serial mon:stdio` first (UART0, the hypervisor's console, as usual)."""
import os
import re
import select
import threading

from test_partitions import failures, summaries

WAITING = "testkit: waiting for passthrough uart input"


class FifoReader(threading.Thread):
    """Drains fd (BASE.out) into .data until stop() is called, so that QEMU
    never blocks writing UART1's output."""

    def __init__(self, fd):
        super().__init__(daemon=True)
        self.fd = fd
        self.data = bytearray()
        self._done = threading.Event()

    def run(self):
        while not self._done.is_set():
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                chunk = os.read(self.fd, 4096)
                if chunk:
                    self.data += chunk

    def stop(self):
        self._done.set()
        self.join(timeout=5)


def test_passthrough_uart_tx_rx_and_interrupt(qemu, tmp_path):
    base = str(tmp_path / "uart1")
    os.mkfifo(base + ".in")
    os.mkfifo(base + ".out")
    # FIFO open ordering: QEMU opens both files O_RDWR, which on Linux never
    # blocks. Opening our ends O_RDWR too (before QEMU starts) means neither
    # side waits for the other: no open() blocks, QEMU's writes to .out find
    # a reader (the thread below) from the first byte, and a write to .in
    # before QEMU has opened it would simply wait in the FIFO. (A plain
    # O_RDONLY/O_WRONLY open would block until QEMU opened its end, and
    # forever if QEMU never started.) We never see EOF on .out (we hold a
    # write end ourselves), so the reader stops when told to.
    fd_out = os.open(base + ".out", os.O_RDWR)
    fd_in = os.open(base + ".in", os.O_RDWR)
    reader = FifoReader(fd_out)
    reader.start()

    # boot() types its `inputs` on QEMU's stdin, which is UART0. For UART1
    # the `until` callable does it: boot() calls it with the output so far
    # after every chunk; once the guest asks for input it writes "pong" to
    # BASE.in (once), and it always returns False, so the run still ends
    # when QEMU powers off (or at the timeout).
    sent = []

    def send_pong_when_asked(out):
        if not sent and WAITING in out:
            os.write(fd_in, b"pong")
            sent.append(True)
        return False

    try:
        b = qemu("vexpress-a15", "--cpus", "2", "--secure", "on",
                 "--config", "testkit-passthrough",
                 "--", "-serial", "mon:stdio", "-serial", f"pipe:{base}",
                 timeout=120, until=send_pong_when_asked)
    finally:
        reader.stop()
        os.close(fd_in)
        os.close(fd_out)
    uart1 = bytes(reader.data)
    print(f"UART1 output: {uart1!r}")

    assert "# passthrough PL011 0x1c0a0000, INTID 38" in b
    assert sent, "the guest never asked for input on UART1"
    assert "testkit: passthrough uart received: pong" in b
    runs = summaries(b, "testkit")
    assert len(runs) == 1, "testkit did not finish"
    assert runs[0][1] == 0, failures(b)
    assert re.search(r"^testkit: ok \d+ - passthrough_uart_rx_tx_and_irq\b",
                     b.output, re.M)
    # its pending bit, polled with the SPI disabled, is the physical one
    assert re.search(r"^testkit: ok \d+ - passthrough_uart_pending_polled\b",
                     b.output, re.M)
    assert re.search(r"^testkit: ok \d+ - virtual_counter_starts_near_zero\b",
                     b.output, re.M)
    # what the guest transmitted went out on UART1, not on the console
    assert b"uart1 says hello\n" in uart1
    assert "uart1 says hello" not in b
    assert b.powered_off


RTC_CHECKS = ["passthrough_rtc_pending_polled", "passthrough_rtc_irq_on_vcpu0",
              "passthrough_rtc_irq_retargeted"]


def test_passthrough_rtc_interrupt_without_itargetsr_writes(qemu):
    """QEMU virt's PL031 (0x09010000, SPI 2 = INTID 34) passed through
    (tests/system/configs/virt/testkit-rtc.dts). The guest never writes the
    SPI's GICD_ITARGETSR before taking its interrupt: the physical SPI must
    be routed although the partition was set up before the CPUs' interface
    masks were known, and the virtual SPI target vCPU 0 at reset. Its
    pending bit, polled with the SPI disabled, is the physical one. Then
    retargeted to vCPU 1, it arrives there."""
    b = qemu("virt", "--cpus", "2", "--config", "testkit-rtc", timeout=120)
    assert "# passthrough PL031 0x09010000, INTID 34" in b
    runs = summaries(b, "testkit")
    assert len(runs) == 1, "testkit did not finish"
    assert runs[0][1] == 0, failures(b)
    for check in RTC_CHECKS:
        assert re.search(rf"^testkit: ok \d+ - {check}\b", b.output, re.M), \
            f"{check} did not pass"
    assert re.search(r"^testkit: ok \d+ - passthrough_rtc_irq_on_vcpu0 .*"
                     r"on vCPU 0\b", b.output, re.M)
    assert re.search(r"^testkit: ok \d+ - passthrough_rtc_irq_retargeted .*"
                     r"on vCPU 1\b", b.output, re.M)
    assert b.powered_off
