/*
 * The console's output ring (core/console.c): bytes written whole, taken
 * out in order in bursts. No locking here: the console serialises.
 * '\n' is stored as "\r\n" (the terminal's line end), and a string ends at
 * its length or its first NUL, whichever comes first.
 */
#ifndef CORE_OUT_RING_H
#define CORE_OUT_RING_H

#include <stdbool.h>
#include <stddef.h>

#define OUT_RING_SIZE 16384u /* a power of two: indices wrap with a mask */

struct out_ring {
	char buf[OUT_RING_SIZE];
	unsigned head, tail; /* free-running: bytes [tail, head) pending */
};

/* The bytes s takes in the ring. */
size_t out_ring_need(const char *s, size_t len);
/* Free bytes. */
size_t out_ring_room(const struct out_ring *r);
bool out_ring_empty(const struct out_ring *r);
/* Appends s; the caller checked the room (out_ring_need()). */
void out_ring_put(struct out_ring *r, const char *s, size_t len);
/* Takes up to max pending bytes into dst, oldest first; returns how many. */
unsigned out_ring_take(struct out_ring *r, char *dst, unsigned max);

#endif
