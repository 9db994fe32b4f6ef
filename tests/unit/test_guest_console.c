/*
 * Host unit tests for the partition consoles (core/guest_console.c): line
 * assembly of guest output and its escaping, the input queue in front of a
 * sink that fills up, input following the focus, and HC_CONSOLE_WRITE
 * (core/hypercall.c: its cap, console = "none"). The physical console,
 * locks, the partition table, the sink (a UART's FIFO) and the guest's
 * memory are fakes.
 */
/* links: core/guest_console.c core/console_mux.c core/hypercall.c core/channel.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/console.h>
#include <core/console_mux.h>
#include <arch/guest_mem.h>
#include <core/guest_console.h>
#include <core/hypercall.h>
#include <core/partition.h>
#include <core/partition_mem.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ fakes */

static char out[8192]; /* everything printed on the physical console */
static size_t out_len;

static void out_vappend(const char *fmt, va_list ap)
{
	int n = vsnprintf(out + out_len, sizeof(out) - out_len, fmt, ap);

	assert_true(n >= 0 && (size_t)n < sizeof(out) - out_len);
	out_len += (size_t)n;
}

void hyp_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vappend(fmt, ap);
	va_end(ap);
}

void console_write(const char *s, size_t len)
{
	assert_true(len < sizeof(out) - out_len);
	for (size_t i = 0; i < len && s[i]; i++)
		out[out_len++] = s[i];
	out[out_len] = '\0';
}

void hyp_log(const char *fmt, ...)
{
	va_list ap;

	hyp_print("hyp: ");
	va_start(ap, fmt);
	out_vappend(fmt, ap);
	va_end(ap);
	hyp_print("\n");
}

static unsigned locks_held;

void spin_lock(spinlock_t *l)
{
	if (l->owner != l->next)
		fail_msg("spin_lock of a held lock (deadlock)");
	l->next++;
	locks_held++;
}

void spin_unlock(spinlock_t *l)
{
	if (l->owner == l->next)
		fail_msg("spin_unlock of a free lock");
	l->owner++;
	locks_held--;
}

static bool held(const spinlock_t *l)
{
	return l->owner != l->next;
}

#define NR_PARTS 2
static struct partition parts[NR_PARTS];
static struct cfg_partition cfgs[NR_PARTS];
static unsigned warnings[NR_PARTS];
static unsigned stats_printed;

void exit_stats_print_all(void)
{
	stats_printed++;
}

struct partition *partition_get(unsigned idx)
{
	return idx < NR_PARTS ? &parts[idx] : NULL;
}

void partition_warn_once(struct partition *p, uint32_t bit, const char *fmt,
			 ...)
{
	(void)fmt;
	if (p->warned & bit)
		return;
	p->warned |= bit;
	warnings[p->id]++;
}

/*
 * The guest's memory: VA = IPA = offset in ram[]; a VA at or beyond
 * mapped_end is not mapped, except below deferred_end where stage 1 maps
 * it and stage 2 waits for its first touch (partition_fill() zeroes it).
 */
static char ram[3 * 4096];
static uint32_t mapped_end = sizeof(ram), deferred_end, fills;

bool guest_va_to_pa(uint32_t va, uint64_t *pa)
{
	if (va >= mapped_end)
		return false;
	*pa = va;
	return true;
}

bool guest_va_to_ipa(uint32_t va, uint64_t *ipa)
{
	if (va >= mapped_end && va >= deferred_end)
		return false;
	*ipa = va;
	return true;
}

bool partition_fill(struct partition *p, uint64_t ipa, uint64_t size)
{
	(void)p;
	if (ipa >= sizeof(ram) || size > sizeof(ram) - ipa)
		return false;
	if (ipa + size > mapped_end && mapped_end < deferred_end) {
		memset(ram + mapped_end, 0, deferred_end - mapped_end);
		mapped_end = deferred_end;
		fills++;
	}
	return true;
}

const void *partition_host_ram(struct partition *p, uint64_t pa,
			       uint32_t size)
{
	(void)p;
	if (pa >= sizeof(ram) || size > sizeof(ram) - pa)
		return NULL;
	return ram + pa;
}

/* The sink: a FIFO of `room` more bytes per partition. */
static char fifo[NR_PARTS][4096];
static unsigned fifo_len[NR_PARTS], room[NR_PARTS];

static bool sink(struct partition *p, char c)
{
	assert_true(held(&p->console.rx_lock));
	if (!room[p->id])
		return false;
	room[p->id]--;
	fifo[p->id][fifo_len[p->id]++] = c;
	return true;
}

static int setup(void **state)
{
	(void)state;
	memset(parts, 0, sizeof(parts));
	memset(cfgs, 0, sizeof(cfgs));
	memset(fifo, 0, sizeof(fifo));
	memset(fifo_len, 0, sizeof(fifo_len));
	memset(room, 0, sizeof(room));
	memset(warnings, 0, sizeof(warnings));
	strcpy(cfgs[0].name, "left");
	strcpy(cfgs[1].name, "right");
	for (unsigned i = 0; i < NR_PARTS; i++) {
		parts[i].id = i;
		parts[i].cfg = &cfgs[i];
	}
	out_len = 0;
	out[0] = 0;
	locks_held = 0;
	memset(ram, 'a', sizeof(ram));
	mapped_end = sizeof(ram);
	deferred_end = 0;
	fills = 0;
	guest_console_init(NR_PARTS);
	return 0;
}

static void write_str(struct partition *p, const char *s)
{
	guest_console_write(p, s, strlen(s));
	assert_int_equal(locks_held, 0);
}

/* ------------------------------------------------------------ output */

static void test_lines_prefixed_cr_dropped(void **state)
{
	(void)state;
	write_str(&parts[0], "hello\r\nwor");
	write_str(&parts[1], "other\n");
	guest_console_putc(&parts[0], 'l');
	write_str(&parts[0], "d\n\n");
	assert_string_equal(out, "left: hello\nright: other\nleft: world\n"
				 "left: \n");
}

static void test_flush_prints_unfinished_line_once(void **state)
{
	(void)state;
	guest_console_flush(&parts[0]);
	assert_string_equal(out, "");
	write_str(&parts[0], "no newline");
	assert_string_equal(out, "");
	guest_console_flush(&parts[0]);
	guest_console_flush(&parts[0]);
	assert_int_equal(locks_held, 0);
	assert_string_equal(out, "left: no newline\n");
}

static void test_long_line_continues(void **state)
{
	char line[CONSOLE_LINE_MAX + 1], expect[2 * CONSOLE_LINE_MAX];

	(void)state;
	memset(line, 'a', CONSOLE_LINE_MAX);
	line[CONSOLE_LINE_MAX] = 0;
	write_str(&parts[1], line);
	assert_string_equal(out, ""); /* exactly full: not printed yet */
	write_str(&parts[1], "bc\n");
	snprintf(expect, sizeof(expect), "right+ %s\nright: bc\n", line);
	assert_string_equal(out, expect);
}

static void test_unprintable_bytes_escaped(void **state)
{
	static const char forged[] = "\x1b[2K\x1b[1Ghyp: forged\a\0\x7f\n";

	(void)state;
	/* ESC sequences, BEL, NUL, DEL, UTF-8 (e acute): all shown as \xhh;
	 * a tab stays; a forged "hyp:" line keeps the partition's name. */
	guest_console_write(&parts[0], forged, sizeof(forged) - 1);
	write_str(&parts[1], "caf\xc3\xa9\tok\n");
	assert_string_equal(out, "left: \\x1b[2K\\x1b[1Ghyp: forged\\x07"
				 "\\x00\\x7f\n"
				 "right: caf\\xc3\\xa9\tok\n");
	for (size_t i = 0; i < out_len; i++)
		assert_true((out[i] >= 0x20 && out[i] <= 0x7e) ||
			    out[i] == '\n' || out[i] == '\t');
}

static void test_escape_not_split_across_lines(void **state)
{
	char line[CONSOLE_LINE_MAX], expect[2 * CONSOLE_LINE_MAX];

	(void)state;
	memset(line, 'b', CONSOLE_LINE_MAX - 2);
	line[CONSOLE_LINE_MAX - 2] = 0;
	write_str(&parts[0], line);
	write_str(&parts[0], "\x1b\n"); /* 4 bytes escaped: only 2 left */
	snprintf(expect, sizeof(expect), "left+ %s\nleft: \\x1b\n", line);
	assert_string_equal(out, expect);
}

/* ------------------------------------------------------- HC_CONSOLE_WRITE */

static int32_t hc_write(struct partition *p, uint32_t va, uint32_t len)
{
	struct vcpu *v = &p->vcpu[0];

	v->part = p;
	v->arch.regs.r[0] = HC_CONSOLE_WRITE;
	v->arch.regs.r[1] = va;
	v->arch.regs.r[2] = len;
	assert_int_equal(hypercall_handle(v), VCPU_RESUME);
	assert_int_equal(locks_held, 0);
	return (int32_t)v->arch.regs.r[0];
}

static void test_hc_write_capped(void **state)
{
	char line[CONSOLE_LINE_MAX + 1], expect[3 * CONSOLE_LINE_MAX];

	(void)state;
	/* The whole of ram[] is mapped and readable: only the cap stops it. */
	assert_int_equal(hc_write(&parts[0], 100, 0xffffffffu),
			 HC_CONSOLE_WRITE_MAX);
	assert_int_equal(hc_write(&parts[0], 100, HC_CONSOLE_WRITE_MAX + 1),
			 HC_CONSOLE_WRITE_MAX);
	assert_int_equal(hc_write(&parts[0], 100, 3), 3);
	assert_int_equal(hc_write(&parts[0], 100, 0), 0);
	guest_console_flush(&parts[0]);
	/* 515 bytes: two full lines (the line buffer is 256), then 3 */
	memset(line, 'a', CONSOLE_LINE_MAX);
	line[CONSOLE_LINE_MAX] = 0;
	snprintf(expect, sizeof(expect), "left+ %s\nleft+ %s\nleft: aaa\n",
		 line, line);
	assert_string_equal(out, expect);
}

static void test_hc_write_stops_at_unmapped_page(void **state)
{
	(void)state;
	mapped_end = 4096;
	assert_int_equal(hc_write(&parts[0], 4096 - 10, 100), 10);
	assert_int_equal(hc_write(&parts[0], 4096, 100), HC_INVALID_ADDRESS);
}

/* A page stage 2 does not map yet (first touch): zeroed, then read. */
static void test_hc_write_fills_untouched_page(void **state)
{
	(void)state;
	mapped_end = 4096;
	deferred_end = 2 * 4096;
	assert_int_equal(hc_write(&parts[0], 4096 - 10, 100), 100);
	assert_int_equal(fills, 1);
	assert_int_equal(ram[4096], 0); /* what it printed: zeroes, no 'a' */
	assert_int_equal(hc_write(&parts[0], 2 * 4096, 4), HC_INVALID_ADDRESS);
}

static void test_hc_write_console_none_prints_nothing(void **state)
{
	(void)state;
	cfgs[0].console = CONSOLE_NONE;
	cfgs[1].console = CONSOLE_PASSTHROUGH;
	memcpy(ram, "secret\n", 7);
	assert_int_equal(hc_write(&parts[0], 0, 7), HC_NOT_SUPPORTED);
	guest_console_flush(&parts[0]);
	assert_string_equal(out, "");
	/* passthrough: the hypercall still prints, prefixed */
	assert_int_equal(hc_write(&parts[1], 0, 7), 7);
	assert_string_equal(out, "right: secret\n");
}

/* ------------------------------------------------------------- input */

static void test_input_to_sink_then_queue_in_order(void **state)
{
	struct partition *p = &parts[0];

	(void)state;
	guest_console_set_sink(p, sink);
	room[0] = 2;
	for (const char *s = "abcd"; *s; s++)
		assert_true(guest_console_rx(p, *s));
	assert_int_equal(locks_held, 0);
	assert_int_equal(fifo_len[0], 2);
	assert_int_equal(p->console.rx_len, 2);
	/* The guest reads one byte: the UART refills under the lock. */
	room[0] = 1;
	spin_lock(&p->console.rx_lock);
	guest_console_refill(p);
	spin_unlock(&p->console.rx_lock);
	assert_int_equal(p->console.rx_len, 1);
	/* New input goes behind what is queued, even with room. */
	room[0] = 1;
	assert_true(guest_console_rx(p, 'e'));
	room[0] = 10;
	spin_lock(&p->console.rx_lock);
	guest_console_refill(p);
	spin_unlock(&p->console.rx_lock);
	assert_int_equal(fifo_len[0], 5);
	assert_memory_equal(fifo[0], "abcde", 5);
	assert_int_equal(p->console.rx_len, 0);
}

static void test_queue_full_drops(void **state)
{
	struct partition *p = &parts[1];

	(void)state;
	guest_console_set_sink(p, sink);
	for (unsigned i = 0; i < CONSOLE_RX_QUEUE; i++)
		assert_true(guest_console_rx(p, (char)('0' + i % 10)));
	assert_false(guest_console_rx(p, 'x'));
	assert_int_equal(p->console.rx_len, CONSOLE_RX_QUEUE);
	/* Drained in order, across the queue's wrap. */
	room[1] = 3;
	assert_true(guest_console_rx(p, 'y'));
	assert_memory_equal(fifo[1], "012", 3);
	room[1] = CONSOLE_RX_QUEUE + 1;
	spin_lock(&p->console.rx_lock);
	guest_console_refill(p);
	spin_unlock(&p->console.rx_lock);
	assert_int_equal(fifo_len[1], CONSOLE_RX_QUEUE + 1);
	assert_int_equal(fifo[1][CONSOLE_RX_QUEUE - 1], '0' + 1023 % 10);
	assert_int_equal(fifo[1][CONSOLE_RX_QUEUE], 'y');
}

static void test_clear_drops_queue(void **state)
{
	struct partition *p = &parts[0];

	(void)state;
	guest_console_set_sink(p, sink);
	assert_true(guest_console_rx(p, 'a'));
	spin_lock(&p->console.rx_lock);
	guest_console_rx_clear(p);
	room[0] = 5;
	guest_console_refill(p);
	spin_unlock(&p->console.rx_lock);
	assert_int_equal(fifo_len[0], 0);
	assert_true(guest_console_rx(p, 'b'));
	assert_int_equal(fifo[0][0], 'b');
}

static void test_no_sink_refuses(void **state)
{
	(void)state;
	assert_false(guest_console_rx(&parts[0], 'a'));
	assert_int_equal(parts[0].console.rx_len, 0);
}

/* ------------------------------------------------------------- focus */

static void test_input_follows_focus(void **state)
{
	(void)state;
	guest_console_set_sink(&parts[0], sink);
	guest_console_set_sink(&parts[1], sink);
	room[0] = room[1] = 10;
	guest_console_input('x');
	guest_console_input(CONSOLE_MUX_ESCAPE);
	guest_console_input('n');
	guest_console_input('y');
	guest_console_input(CONSOLE_MUX_ESCAPE);
	guest_console_input('1');
	guest_console_input('z');
	assert_int_equal(locks_held, 0);
	assert_int_equal(fifo_len[0], 2);
	assert_memory_equal(fifo[0], "xz", 2);
	assert_int_equal(fifo_len[1], 1);
	assert_int_equal(fifo[1][0], 'y');
	assert_string_equal(out,
			    "hyp: console input goes to partition right "
			    "(Ctrl-\\ n: next, Ctrl-\\ ?: help)\n"
			    "hyp: console input goes to partition left "
			    "(Ctrl-\\ n: next, Ctrl-\\ ?: help)\n");
}

static void test_stats_key_prints_not_delivers(void **state)
{
	(void)state;
	guest_console_set_sink(&parts[0], sink);
	room[0] = 10;
	stats_printed = 0;
	guest_console_input(CONSOLE_MUX_ESCAPE);
	guest_console_input('s');
	guest_console_input('s');
	assert_int_equal(stats_printed, 1);
	assert_int_equal(fifo_len[0], 1);
	assert_int_equal(fifo[0][0], 's');
	assert_int_equal(locks_held, 0);
}

static void test_dropped_input_warns_once(void **state)
{
	(void)state;
	/* left has no UART: its input is dropped and reported once. */
	guest_console_input('a');
	guest_console_input('b');
	assert_int_equal(warnings[0], 1);
	assert_int_equal(warnings[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_lines_prefixed_cr_dropped, setup),
		cmocka_unit_test_setup(test_flush_prints_unfinished_line_once,
				       setup),
		cmocka_unit_test_setup(test_long_line_continues, setup),
		cmocka_unit_test_setup(test_unprintable_bytes_escaped, setup),
		cmocka_unit_test_setup(test_escape_not_split_across_lines,
				       setup),
		cmocka_unit_test_setup(test_hc_write_capped, setup),
		cmocka_unit_test_setup(test_hc_write_stops_at_unmapped_page,
				       setup),
		cmocka_unit_test_setup(test_hc_write_fills_untouched_page,
				       setup),
		cmocka_unit_test_setup(test_hc_write_console_none_prints_nothing,
				       setup),
		cmocka_unit_test_setup(test_input_to_sink_then_queue_in_order,
				       setup),
		cmocka_unit_test_setup(test_queue_full_drops, setup),
		cmocka_unit_test_setup(test_clear_drops_queue, setup),
		cmocka_unit_test_setup(test_no_sink_refuses, setup),
		cmocka_unit_test_setup(test_input_follows_focus, setup),
		cmocka_unit_test_setup(test_stats_key_prints_not_delivers, setup),
		cmocka_unit_test_setup(test_dropped_input_warns_once, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
