/*
 * Partition consoles on the physical console: output lines, the input
 * queue, the input focus (core/include/core/guest_console.h). The key
 * handling of the focus is core/console_mux.c.
 */
#include <arch/spinlock.h>
#include <core/console.h>
#include <core/console_mux.h>
#include <core/exit_stats.h>
#include <core/guest_console.h>
#include <core/partition.h>
#include <string.h>

static struct console_mux mux;
static spinlock_t mux_lock = SPINLOCK_INIT;

/* ------------------------------------------------------------------ output */

/* "name: text\n" in one console write (no printf: one a line of output). */
static void emit_line(struct partition *p, bool continued)
{
	struct guest_console *gc = &p->console;
	char out[CFG_NAME_MAX + 2 + CONSOLE_LINE_MAX + 1];
	size_t name = strnlen(p->cfg->name, CFG_NAME_MAX - 1), n = 0;

	memcpy(out, p->cfg->name, name);
	n += name;
	out[n++] = continued ? '+' : ':';
	out[n++] = ' ';
	memcpy(out + n, gc->line, gc->line_len);
	n += gc->line_len;
	out[n++] = '\n';
	console_write(out, n);
	gc->line_len = 0;
}

/* Text the terminal shows as it is: no cursor movement, no line clearing. */
static bool printable(unsigned char c)
{
	return (c >= 0x20 && c <= 0x7e) || c == '\t';
}

static void put(struct partition *p, char c)
{
	static const char hex[] = "0123456789abcdef";
	struct guest_console *gc = &p->console;
	unsigned char u = (unsigned char)c;
	unsigned need = printable(u) ? 1 : 4;

	if (c == '\r')
		return;
	if (c == '\n') {
		emit_line(p, false);
		return;
	}
	/* Continued on the next line; an escape is never split. */
	if (gc->line_len + need > CONSOLE_LINE_MAX)
		emit_line(p, true);
	if (need == 1) {
		gc->line[gc->line_len++] = c;
		return;
	}
	gc->line[gc->line_len++] = '\\';
	gc->line[gc->line_len++] = 'x';
	gc->line[gc->line_len++] = hex[u >> 4];
	gc->line[gc->line_len++] = hex[u & 0xf];
}

void guest_console_write(struct partition *p, const char *s, size_t len)
{
	spin_lock(&p->console.out_lock);
	for (size_t i = 0; i < len; i++)
		put(p, s[i]);
	spin_unlock(&p->console.out_lock);
}

void guest_console_putc(struct partition *p, char c)
{
	guest_console_write(p, &c, 1);
}

void guest_console_flush(struct partition *p)
{
	spin_lock(&p->console.out_lock);
	if (p->console.line_len)
		emit_line(p, false);
	spin_unlock(&p->console.out_lock);
}

/* ------------------------------------------------------------------- input */

void guest_console_set_sink(struct partition *p,
			    bool (*sink)(struct partition *, char))
{
	p->console.sink = sink;
}

void guest_console_refill(struct partition *p)
{
	struct guest_console *gc = &p->console;

	while (gc->rx_len && gc->sink(p, gc->rx_queue[gc->rx_head])) {
		gc->rx_head = (gc->rx_head + 1) % CONSOLE_RX_QUEUE;
		gc->rx_len--;
	}
}

void guest_console_rx_clear(struct partition *p)
{
	p->console.rx_head = p->console.rx_len = 0;
}

bool guest_console_rx(struct partition *p, char c)
{
	struct guest_console *gc = &p->console;
	bool ok = true;

	if (!gc->sink)
		return false;
	spin_lock(&gc->rx_lock);
	guest_console_refill(p);
	/* Behind queued input, or the order of the bytes would change. */
	if (gc->rx_len || !gc->sink(p, c)) {
		if (gc->rx_len < CONSOLE_RX_QUEUE)
			gc->rx_queue[(gc->rx_head + gc->rx_len++) %
				     CONSOLE_RX_QUEUE] = c;
		else
			ok = false;
	}
	spin_unlock(&gc->rx_lock);
	return ok;
}

/* ------------------------------------------------------------------- focus */

void guest_console_init(unsigned nr_partitions)
{
	console_mux_init(&mux, nr_partitions);
}

static void announce_focus(unsigned focus)
{
	struct partition *p = partition_get(focus);

	hyp_log("console input goes to partition %s (Ctrl-\\ n: next, Ctrl-\\ "
		"?: help)",
		p ? p->cfg->name : "?");
}

void guest_console_input(char c)
{
	enum mux_result r;
	unsigned focus;
	struct partition *p;
	char out;

	spin_lock(&mux_lock);
	r = console_mux_input(&mux, c, &out);
	focus = mux.focus;
	spin_unlock(&mux_lock);
	switch (r) {
	case MUX_DELIVER:
		p = partition_get(focus);
		if (p && !guest_console_rx(p, out))
			partition_warn_once(p, WARN_UART_RX,
					    "console input dropped: its UART "
					    "is off, or it reads nothing and "
					    "its input queue is full");
		break;
	case MUX_FOCUS_CHANGED:
		announce_focus(focus);
		break;
	case MUX_HELP:
		hyp_log("%s", console_mux_help());
		break;
	case MUX_STATS:
		exit_stats_print_all();
		break;
	case MUX_BAD_KEY:
		hyp_log("console: unknown key after Ctrl-\\ (Ctrl-\\ ? for "
			"help)");
		break;
	case MUX_CONSUMED:
		break;
	}
}
