/*
 * Console input multiplexer: one physical console, several partitions.
 * Input goes to one partition at a time, the one with the focus (partition
 * 0 at start). Pure logic: the caller feeds it each byte read from the
 * physical UART and acts on the result.
 *
 * Keys (Ctrl-\ is the byte 0x1c):
 *
 *   Ctrl-\ n       focus the next partition (after the last, partition 0)
 *   Ctrl-\ 1..8    focus partition 0..7, if it exists
 *   Ctrl-\ Ctrl-\  send one Ctrl-\ to the focused partition
 *   Ctrl-\ s       print every partition's exit statistics
 *   Ctrl-\ ? or h  help
 *   Ctrl-\ other   nothing; the key is not sent on
 *   any other key  goes to the focused partition
 *
 * The key after Ctrl-\ is always consumed, even when it does nothing. With
 * more than 8 partitions the later ones are reached with Ctrl-\ n. With no
 * partitions at all, keys are discarded and only help works.
 */
#ifndef CORE_CONSOLE_MUX_H
#define CORE_CONSOLE_MUX_H

#include <stdbool.h>

#define CONSOLE_MUX_ESCAPE 0x1c /* Ctrl-\ */

struct console_mux {
	unsigned nr;    /* partitions */
	unsigned focus; /* partition that receives input */
	bool escape;    /* Ctrl-\ seen, waiting for the command key */
};

enum mux_result {
	MUX_DELIVER,       /* send *out to partition m->focus */
	MUX_CONSUMED,      /* nothing to do (Ctrl-\ pressed, or no partition) */
	MUX_FOCUS_CHANGED, /* m->focus is the new focus: announce it */
	MUX_HELP,          /* print console_mux_help() */
	MUX_STATS,         /* print the exit statistics */
	MUX_BAD_KEY,       /* command key ignored (unknown, or a partition
			      number that does not exist): say so */
};

void console_mux_init(struct console_mux *m, unsigned nr_partitions);
/* One input byte; *out is written only for MUX_DELIVER. */
enum mux_result console_mux_input(struct console_mux *m, char c, char *out);
/* The key summary, lines ending in "\n". */
const char *console_mux_help(void);

#endif
