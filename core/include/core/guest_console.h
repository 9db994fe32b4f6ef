/*
 * A partition's console, as the physical console carries it.
 *
 * Output: what the guest writes with HC_CONSOLE_WRITE and what its virtual
 * UART transmits is assembled into lines and printed as "name: text"; a
 * line longer than CONSOLE_LINE_MAX goes on as "name+ text"; '\r' is
 * dropped. A line is printed when its '\n' arrives, or by
 * guest_console_flush() when the partition stops or resets. Only printable
 * ASCII (0x20-0x7e) and '\t' are printed as they are; any other byte
 * (ESC, other controls, DEL, every byte of UTF-8 beyond ASCII) is shown as
 * "\xhh", so a guest cannot move the cursor, clear or overwrite a line:
 * every console line starts with the name of whoever wrote it.
 *
 * Input: bytes read from the physical console go to one partition at a
 * time, the one with the focus (keys in core/include/core/console_mux.h).
 * They go to the focused partition's input sink (its virtual UART, set by
 * vpl011_attach()); while the sink has no room (a paste faster than the
 * guest reads) they wait, up to CONSOLE_RX_QUEUE bytes, in a queue that
 * guest_console_refill() drains as the guest reads. Beyond that, input is
 * dropped and reported once per partition.
 *
 * Locking: output under out_lock, taken here. The input queue and the sink
 * under rx_lock: guest_console_rx() takes it; the sink's owner holds it
 * around everything that changes the sink's room (the UART's register
 * accesses and its reset), so the queue and the UART's FIFO change
 * together, and calls guest_console_refill() and guest_console_rx_clear()
 * with it held. Order: rx_lock, then out_lock (the UART transmits under
 * rx_lock).
 */
#ifndef CORE_GUEST_CONSOLE_H
#define CORE_GUEST_CONSOLE_H

#include <arch/spinlock.h>
#include <stdbool.h>
#include <stddef.h>

#define CONSOLE_LINE_MAX 256
#define CONSOLE_RX_QUEUE 1024 /* console input held for a slow guest */

struct partition;

struct guest_console {
	spinlock_t out_lock;
	char line[CONSOLE_LINE_MAX]; /* the line being assembled */
	unsigned line_len;

	spinlock_t rx_lock;
	/* Takes one byte for the guest, or returns false: no room now. */
	bool (*sink)(struct partition *p, char c);
	char rx_queue[CONSOLE_RX_QUEUE]; /* rx_len bytes from rx_head */
	unsigned rx_head, rx_len;
};

/* Output of p's guest: len bytes, or one. */
void guest_console_write(struct partition *p, const char *s, size_t len);
void guest_console_putc(struct partition *p, char c);
/* Prints the unfinished line, if any. */
void guest_console_flush(struct partition *p);

/* Where p's console input goes (NULL: nowhere). Before p runs. */
void guest_console_set_sink(struct partition *p,
			    bool (*sink)(struct partition *, char));
/* Moves queued input into the sink while it takes it. rx_lock held. */
void guest_console_refill(struct partition *p);
/* Drops queued input (the partition restarts). rx_lock held. */
void guest_console_rx_clear(struct partition *p);
/*
 * One byte of input for p: to the sink, or queued behind earlier input.
 * False when p has no sink or its queue is full (the byte is dropped).
 */
bool guest_console_rx(struct partition *p, char c);

/* The focus starts on partition 0 of nr_partitions. */
void guest_console_init(unsigned nr_partitions);
/* A byte read from the physical console (the console UART's interrupt). */
void guest_console_input(char c);

#endif
