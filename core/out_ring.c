/* The console's output ring (core/include/core/out_ring.h). */
#include <core/out_ring.h>

#define MASK (OUT_RING_SIZE - 1)
_Static_assert((OUT_RING_SIZE & MASK) == 0, "indices wrap with a mask");

size_t out_ring_need(const char *s, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < len && s[i]; i++)
		n += s[i] == '\n' ? 2 : 1;
	return n;
}

size_t out_ring_room(const struct out_ring *r)
{
	return OUT_RING_SIZE - (r->head - r->tail);
}

bool out_ring_empty(const struct out_ring *r)
{
	return r->head == r->tail;
}

void out_ring_put(struct out_ring *r, const char *s, size_t len)
{
	for (size_t i = 0; i < len && s[i]; i++) {
		if (s[i] == '\n')
			r->buf[r->head++ & MASK] = '\r';
		r->buf[r->head++ & MASK] = s[i];
	}
}

unsigned out_ring_take(struct out_ring *r, char *dst, unsigned max)
{
	unsigned n = 0;

	while (n < max && r->tail != r->head)
		dst[n++] = r->buf[r->tail++ & MASK];
	return n;
}
