/*
 * Console output. Messages are formatted with newlib-nano's vsnprintf into a
 * line buffer; a longer message is cut and says so.
 *
 * Once every CPU runs (console_enable_locking()), output goes through a
 * ring: a writer appends its whole message under a short lock (so lines
 * stay whole and unmixed) and returns; the UART is written by one CPU at a
 * time, the drainer, whichever writer found nobody draining, without the
 * lock, in bursts of a FIFO's worth. A CPU writing a line therefore waits
 * for the UART only when it drains, never behind another CPU polling the
 * UART with a lock held (guest consoles of other partitions, exits of its
 * own vCPUs). Only when the ring is full does a writer wait for room.
 */
#include <arch/cpu.h>
#include <arch/spinlock.h>
#include <core/console.h>
#include <core/out_ring.h>
#include <drivers/uart.h>
#include <stdarg.h>
#include <stdio.h>

#define LINE_MAX 512

static uintptr_t uart;
static enum uart_type uart_type;
static bool locking;
static spinlock_t lock = SPINLOCK_INIT; /* the ring, drainer */
static struct out_ring ring;
/* The CPU writing the ring out, or NO_DRAINER. */
#define NO_DRAINER (-1)
static volatile int drainer = NO_DRAINER;

void console_init(enum uart_type type, uintptr_t uart_base)
{
	uart = uart_base;
	uart_type = type;
	uart_init(type, uart);
}

void console_enable_locking(void)
{
	locking = true;
}

/* Before locking: straight to the UART. */
static void put_direct(const char *s, size_t len)
{
	char burst[UART_TX_BURST];
	unsigned n = 0;

	for (size_t i = 0; i < len && s[i]; i++) {
		if (s[i] == '\n')
			burst[n++] = '\r';
		if (n == UART_TX_BURST) {
			uart_write_burst(uart_type, uart, burst, n);
			n = 0;
		}
		burst[n++] = s[i];
		if (n == UART_TX_BURST) {
			uart_write_burst(uart_type, uart, burst, n);
			n = 0;
		}
	}
	if (n)
		uart_write_burst(uart_type, uart, burst, n);
}

/* The drainer's loop: the UART is written with the lock free. */
static void drain(void)
{
	char burst[UART_TX_BURST];

	for (;;) {
		unsigned n;

		spin_lock(&lock);
		n = out_ring_take(&ring, burst, UART_TX_BURST);
		if (!n)
			drainer = NO_DRAINER;
		spin_unlock(&lock);
		if (!n)
			return;
		uart_write_burst(uart_type, uart, burst, n);
	}
}

/*
 * Takes the drainer's role if free; lock held. Also when this CPU has it
 * already: a panic or fault report from within its own drain() would
 * otherwise wait for itself.
 */
static bool become_drainer(void)
{
	int self = (int)this_cpu();

	if (drainer != NO_DRAINER && drainer != self)
		return false;
	drainer = self;
	return true;
}

/*
 * Appends the pieces as one, then drains if nobody does. With the ring
 * full, the writer drains itself or waits for the drainer to make room.
 */
static void emit(const char *const *piece, const size_t *len, unsigned nr)
{
	size_t need = 0;
	bool drains;

	if (!locking) {
		for (unsigned i = 0; i < nr; i++)
			put_direct(piece[i], len[i]);
		return;
	}
	for (unsigned i = 0; i < nr; i++)
		need += out_ring_need(piece[i], len[i]);
	if (need > OUT_RING_SIZE)
		return; /* cannot happen: messages are cut at LINE_MAX */
	spin_lock(&lock);
	while (out_ring_room(&ring) < need) {
		drains = become_drainer();
		spin_unlock(&lock);
		if (drains)
			drain();
		spin_lock(&lock);
	}
	for (unsigned i = 0; i < nr; i++)
		out_ring_put(&ring, piece[i], len[i]);
	drains = become_drainer();
	spin_unlock(&lock);
	if (drains)
		drain();
}

void console_write(const char *s, size_t len)
{
	emit(&s, &len, 1);
}

void console_sync(void)
{
	while (locking && (drainer != NO_DRAINER || !out_ring_empty(&ring))) {
		bool drains;

		spin_lock(&lock);
		drains = become_drainer();
		spin_unlock(&lock);
		if (drains)
			drain();
	}
}

const char *hex64(char buf[HEX64_LEN], uint64_t v)
{
	uint32_t hi = (uint32_t)(v >> 32), lo = (uint32_t)v;

	if (hi)
		snprintf(buf, HEX64_LEN, "0x%lx%08lx", (unsigned long)hi,
			 (unsigned long)lo);
	else
		snprintf(buf, HEX64_LEN, "0x%lx", (unsigned long)lo);
	return buf;
}

static void vlog(const char *prefix, const char *fmt, va_list ap, bool newline)
{
	static const char cut[] = " [message truncated]";
	char buf[LINE_MAX];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	const char *piece[4] = {prefix, buf, "", newline ? "\n" : ""};
	size_t len[4] = {LINE_MAX, sizeof(buf), 0, 1};

	if (n >= (int)sizeof(buf)) {
		piece[2] = cut;
		len[2] = sizeof(cut);
	}
	emit(piece, len, 4);
}

void hyp_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("hyp: ", fmt, ap, true);
	va_end(ap);
}

void hyp_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("", fmt, ap, false);
	va_end(ap);
}

void hyp_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("hyp: PANIC: ", fmt, ap, true);
	va_end(ap);
	hyp_log("system halted");
	console_sync();
	cpu_halt();
}
