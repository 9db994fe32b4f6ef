/*
 * Console input multiplexer (keys in core/include/core/console_mux.h).
 */
#include <core/console_mux.h>

void console_mux_init(struct console_mux *m, unsigned nr_partitions)
{
	m->nr = nr_partitions;
	m->focus = 0;
	m->escape = false;
}

const char *console_mux_help(void)
{
	return "console: Ctrl-\\ n        input to the next partition\n"
	       "console: Ctrl-\\ 1..8     input to partition 0..7\n"
	       "console: Ctrl-\\ Ctrl-\\   send Ctrl-\\ to the partition\n"
	       "console: Ctrl-\\ s        exit statistics of every partition\n"
	       "console: Ctrl-\\ ? or h   this help\n";
}

/* The key after Ctrl-\. */
static enum mux_result command(struct console_mux *m, char c, char *out)
{
	switch (c) {
	case 'n':
		if (m->nr == 0)
			return MUX_BAD_KEY;
		m->focus = (m->focus + 1) % m->nr;
		return MUX_FOCUS_CHANGED;
	case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8':
		if ((unsigned)(c - '1') >= m->nr)
			return MUX_BAD_KEY;
		m->focus = (unsigned)(c - '1');
		return MUX_FOCUS_CHANGED;
	case CONSOLE_MUX_ESCAPE:
		if (m->nr == 0)
			return MUX_CONSUMED;
		*out = c;
		return MUX_DELIVER;
	case 's':
		return MUX_STATS;
	case '?':
	case 'h':
		return MUX_HELP;
	default:
		return MUX_BAD_KEY;
	}
}

enum mux_result console_mux_input(struct console_mux *m, char c, char *out)
{
	if (m->escape) {
		m->escape = false;
		return command(m, c, out);
	}
	if (c == CONSOLE_MUX_ESCAPE) {
		m->escape = true;
		return MUX_CONSUMED;
	}
	if (m->nr == 0)
		return MUX_CONSUMED;
	*out = c;
	return MUX_DELIVER;
}
