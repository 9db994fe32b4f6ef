/* Split virtqueues, device side (core/include/core/virtq.h). */
#include <core/virtq.h>
#include <string.h>

/* The guest's view and ours must be ordered (2.7.13): avail idx before the
 * entries it covers, used entries before the used idx. DMB ISH on ARMv7. */
#define virtq_mb() __atomic_thread_fence(__ATOMIC_SEQ_CST)

void virtq_reset(struct virtq *q, unsigned max)
{
	memset(q, 0, sizeof(*q));
	q->num = max;
}

static void *part(const struct virtq_mem *m, uint64_t ipa, uint64_t size,
		  uint64_t align)
{
	if (ipa & (align - 1))
		return NULL;
	return m->to_host(m->ctx, ipa, size);
}

int virtq_enable(struct virtq *q, unsigned max, const struct virtq_mem *m)
{
	uint64_t n = q->num;

	q->ready = false;
	if (n == 0 || n > max || n > VIRTQ_MAX_SIZE || (n & (n - 1)))
		return VIRTQ_E_RING;
	q->desc_h = part(m, q->desc, 16 * n, 16);
	q->avail_h = part(m, q->avail, 6 + 2 * n, 2);
	q->used_h = part(m, q->used, 6 + 8 * n, 4);
	if (!q->desc_h || !q->avail_h || !q->used_h)
		return VIRTQ_E_RING;
	/* The driver initialised both rings' idx to 0 (2.7); we start from
	 * whatever used idx it left so the two agree. */
	q->last_avail = 0;
	q->used_idx = q->used_h[1];
	q->ready = true;
	return VIRTQ_OK;
}

int virtq_pending(const struct virtq *q)
{
	uint16_t n;

	if (!q->ready)
		return 0;
	n = (uint16_t)(q->avail_h[1] - q->last_avail);
	return n > q->num ? VIRTQ_E_RING : n;
}

bool virtq_no_interrupt(const struct virtq *q)
{
	return q->ready && (q->avail_h[0] & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

/* One descriptor of the chain, copied, checked and added to c. */
static int take_desc(const struct virtq *q, const struct virtq_mem *m,
		     uint32_t max_bytes, struct virtq_chain *c,
		     struct virtq_desc *d)
{
	struct virtq_seg *s;
	bool write = d->flags & VIRTQ_DESC_F_WRITE;
	uint32_t *bytes = write ? &c->write_bytes : &c->read_bytes;

	(void)q;
	if (d->flags & VIRTQ_DESC_F_INDIRECT)
		return VIRTQ_E_CHAIN;
	if (!write && c->nr_write) /* readable after writable (2.7.4.2) */
		return VIRTQ_E_CHAIN;
	if (c->nr_read + c->nr_write >= VIRTQ_MAX_SEGS)
		return VIRTQ_E_CHAIN;
	if (d->len > max_bytes ||
	    d->len > max_bytes - c->read_bytes - c->write_bytes)
		return VIRTQ_E_CHAIN;
	s = &c->seg[c->nr_read + c->nr_write];
	s->len = d->len;
	s->host = NULL;
	if (d->len) {
		s->host = m->to_host(m->ctx, d->addr, d->len);
		if (!s->host)
			return VIRTQ_E_CHAIN;
	}
	*bytes += d->len;
	if (write)
		c->nr_write++;
	else
		c->nr_read++;
	return VIRTQ_OK;
}

int virtq_pop(struct virtq *q, const struct virtq_mem *m, uint32_t max_bytes,
	      struct virtq_chain *c)
{
	int pending = virtq_pending(q);
	uint16_t idx;
	unsigned i = 0;

	if (pending <= 0)
		return pending < 0 ? VIRTQ_E_RING : VIRTQ_EMPTY;
	virtq_mb(); /* the entry after the idx that covers it */
	c->head = q->avail_h[2 + (q->last_avail & (q->num - 1))];
	q->last_avail++;
	c->nr_read = c->nr_write = 0;
	c->read_bytes = c->write_bytes = 0;
	if (c->head >= q->num) /* nothing to return: 2.7.13 says id < num */
		return VIRTQ_E_RING;
	idx = c->head;
	for (;;) {
		struct virtq_desc d;
		int rc;

		/* A copy: the guest may rewrite the table meanwhile. */
		memcpy(&d, (const void *)&q->desc_h[idx], sizeof(d));
		rc = take_desc(q, m, max_bytes, c, &d);
		if (rc)
			return rc;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			return VIRTQ_OK;
		/* More than num descriptors can only be a loop. */
		if (++i >= q->num || d.next >= q->num)
			return VIRTQ_E_CHAIN;
		idx = d.next;
	}
}

void virtq_push(struct virtq *q, uint16_t head, uint32_t len)
{
	volatile struct virtq_used_elem *e;

	if (!q->ready)
		return;
	e = (volatile struct virtq_used_elem *)(q->used_h + 2) +
	    (q->used_idx & (q->num - 1));
	e->id = head;
	e->len = len;
	virtq_mb(); /* the element before the idx that publishes it */
	q->used_idx++;
	q->used_h[1] = q->used_idx;
	virtq_mb();
}
