/*
 * Tessera channel rings (channel.h, docs/channels.md).
 *
 * Every access to shared memory is a volatile 32-bit one: the guest may map
 * the channel as Device memory (no unaligned or sub-word surprises), and
 * the compiler must neither cache nor merge them. Ordering is by DMB
 * (ARM ARM A3.8.3): a producer writes the record, DMB, then publishes head;
 * a consumer reads head, DMB, then the record, and (acknowledged rings)
 * DMB before publishing tail so the producer never reuses space still
 * being read.
 */
#include <guest/channel.h>

#include <libfdt.h>
#include <string.h>

#define CHAN_MAGIC 0x31484354u /* "TCH1" */
#define LINE 64u               /* cache line: head and tail apart */

/* Ring header, at the start of its slice. */
#define HDR_MAGIC 0x00u /* written last when setting up */
#define HDR_CAP 0x04u
#define HDR_HEAD 0x08u        /* producer: bytes written, free-running */
#define HDR_TAIL (LINE + 0u)  /* consumer (acknowledged rings) */
#define HDR_SIZE (2u * LINE)  /* data follows */

#ifdef __arm__
#define dmb() __asm__ volatile("dmb ish" ::: "memory")
#define dsb() __asm__ volatile("dsb ish" ::: "memory")
#else /* host unit tests (tests/unit/test_guest_channel.c) */
#define dmb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define dsb() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif

static inline uint32_t rd(uintptr_t a)
{
	return *(volatile uint32_t *)a;
}

static inline void wr(uintptr_t a, uint32_t v)
{
	*(volatile uint32_t *)a = v;
}

static uint32_t pow2_floor(uint32_t v)
{
	uint32_t p = 1;

	while (p <= v / 2)
		p *= 2;
	return v ? p : 0;
}

/* ------------------------------------------------------------ the tree */

/* Appends s to buf (len bytes, kept terminated); no stdio needed. */
static void append(char *buf, unsigned len, const char *s)
{
	size_t n = strlen(buf);

	while (*s && n + 1 < len)
		buf[n++] = *s++;
	buf[n] = '\0';
}

/* "channel <name>: <msg>" into why. */
static int fail(char *why, unsigned len, const char *msg, const char *name)
{
	if (why && len) {
		why[0] = '\0';
		append(why, len, "channel ");
		append(why, len, name ? name : "(any)");
		append(why, len, ": ");
		append(why, len, msg);
	}
	return -1;
}

static bool prop_u32(const void *fdt, int node, const char *name,
		     uint32_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return false;
	*v = fdt32_to_cpu(*p);
	return true;
}

static int find_node(const void *fdt, const char *name)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node,
						     "tessera,channel")) >= 0) {
		const char *label = fdt_getprop(fdt, node, "label", NULL);

		if (!name || (label && !strcmp(label, name)))
			return node;
	}
	return -1;
}

/* The root's cells are 1 and 1 in a Tessera guest tree. */
static int read_node(struct chan *ch, const void *fdt, int node, char *why,
		     unsigned whylen, const char *name)
{
	const fdt32_t *reg, *irq;
	const char *label, *acc;
	int len, alen;

	reg = fdt_getprop(fdt, node, "reg", &len);
	irq = fdt_getprop(fdt, node, "interrupts", NULL);
	label = fdt_getprop(fdt, node, "label", NULL);
	acc = fdt_getprop(fdt, node, "tessera,endpoint-access", &alen);
	if (!reg || len != 16 || !irq || !acc ||
	    !prop_u32(fdt, node, "tessera,channel-id", &ch->id) ||
	    !prop_u32(fdt, node, "tessera,endpoint", &ch->ep))
		return fail(why, whylen, "incomplete tessera,channel node",
			    name);
	ch->name[0] = '\0';
	append(ch->name, sizeof(ch->name), label ? label : "");
	ch->base = fdt32_to_cpu(reg[0]);
	ch->size = fdt32_to_cpu(reg[1]);
	ch->doorbell = fdt32_to_cpu(reg[2]);
	ch->intid = fdt32_to_cpu(irq[1]) + 32;
	ch->nr_ep = 0;
	for (int off = 0; off < alen && ch->nr_ep < CHAN_MAX_ENDPOINTS;
	     off += (int)strlen(acc + off) + 1)
		ch->ro[ch->nr_ep++] = !strcmp(acc + off, "ro");
	if (ch->ep >= ch->nr_ep || ch->nr_ep < 2)
		return fail(why, whylen, "bad tessera,endpoint", name);
	return 0;
}

/* Slices: one per writer, cache-line multiples; see channel.h. */
static void lay_out(struct chan *ch)
{
	unsigned writers = 0, k = 0;
	uint32_t slice;
	bool acked;

	for (unsigned e = 0; e < ch->nr_ep; e++)
		writers += !ch->ro[e];
	acked = ch->nr_ep == 2 && writers == 2;
	slice = writers ? (ch->size / writers) & ~(LINE - 1) : 0;
	for (unsigned e = 0; e < ch->nr_ep; e++) {
		struct chan_ring *r = &ch->ring[e];

		memset(r, 0, sizeof(*r));
		if (ch->ro[e] || slice <= HDR_SIZE)
			continue;
		r->hdr = ch->base + k++ * slice;
		r->cap = pow2_floor(slice - HDR_SIZE);
		r->acked = acked;
		/* A lossy consumer reads what comes from now on (zeroed
		   memory reads 0, where a producer sets its ring up). */
		r->tail = rd(r->hdr + HDR_HEAD);
	}
}

int chan_open(struct chan *ch, const void *fdt, const char *name, char *why,
	      unsigned whylen)
{
	int node = find_node(fdt, name);
	struct chan_ring *mine;

	memset(ch, 0, sizeof(*ch));
	if (node < 0)
		return fail(why, whylen, "no tessera,channel node", name);
	if (read_node(ch, fdt, node, why, whylen, name))
		return -1;
	lay_out(ch);
	mine = &ch->ring[ch->ep];
	/*
	 * Set up once: a ring already set up (a restart of this partition)
	 * is kept, so that its consumers stay in step.
	 */
	if (mine->hdr && rd(mine->hdr + HDR_MAGIC) != CHAN_MAGIC) {
		wr(mine->hdr + HDR_CAP, mine->cap);
		wr(mine->hdr + HDR_HEAD, 0);
		wr(mine->hdr + HDR_TAIL, 0);
		dmb();
		wr(mine->hdr + HDR_MAGIC, CHAN_MAGIC);
		dsb();
	}
	return 0;
}

uint32_t chan_max_record(const struct chan *ch)
{
	const struct chan_ring *r = &ch->ring[ch->ep];

	return r->hdr ? r->cap / 2 - 4 : 0;
}

/* ------------------------------------------------------------- records */

/*
 * Records are 4-aligned in a power-of-two ring, so a word never straddles
 * its end: offsets are taken modulo cap word by word.
 */
static void copy_in(const struct chan_ring *r, uint32_t at, const uint8_t *src,
		    uint32_t len)
{
	uintptr_t data = r->hdr + HDR_SIZE;

	for (uint32_t i = 0; i < len; i += 4) {
		uint32_t w = 0;

		for (uint32_t b = 0; b < 4 && i + b < len; b++)
			w |= (uint32_t)src[i + b] << (8 * b);
		wr(data + ((at + i) & (r->cap - 1)), w);
	}
}

static void copy_out(const struct chan_ring *r, uint32_t at, uint8_t *dst,
		     uint32_t len)
{
	uintptr_t data = r->hdr + HDR_SIZE;

	for (uint32_t i = 0; i < len; i += 4) {
		uint32_t w = rd(data + ((at + i) & (r->cap - 1)));

		for (uint32_t b = 0; b < 4 && i + b < len; b++)
			dst[i + b] = (uint8_t)(w >> (8 * b));
	}
}

static uint32_t padded(uint32_t len)
{
	return 4 + ((len + 3) & ~3u);
}

int chan_send(struct chan *ch, const void *buf, uint32_t len)
{
	struct chan_ring *r = &ch->ring[ch->ep];
	uint32_t head, need = padded(len);

	if (!r->hdr)
		return CHAN_READ_ONLY;
	if (!len || len > chan_max_record(ch))
		return CHAN_TOO_BIG;
	head = rd(r->hdr + HDR_HEAD);
	if (r->acked) {
		uint32_t tail = rd(r->hdr + HDR_TAIL);

		if (r->cap - (head - tail) < need)
			return CHAN_FULL;
		dmb(); /* the consumer is done with what it acknowledged */
	}
	wr(r->hdr + HDR_SIZE + (head & (r->cap - 1)), len);
	copy_in(r, head + 4, buf, len);
	dmb(); /* the record before the index that publishes it */
	wr(r->hdr + HDR_HEAD, head + need);
	dsb(); /* visible before a doorbell write that may follow */
	return CHAN_OK;
}

static int recv_acked(struct chan_ring *r, void *buf, uint32_t max)
{
	uint32_t tail = rd(r->hdr + HDR_TAIL), head = rd(r->hdr + HDR_HEAD);
	uint32_t len, next;
	int rc;

	if (head == tail)
		return CHAN_EMPTY;
	dmb(); /* head before the record it published */
	len = rd(r->hdr + HDR_SIZE + (tail & (r->cap - 1)));
	if (!len || len > r->cap / 2 || padded(len) > head - tail) {
		next = head; /* not a record: drop what is there */
		rc = CHAN_TOO_BIG;
	} else {
		next = tail + padded(len);
		rc = len <= max ? (int)len : CHAN_TOO_BIG;
		if (len <= max)
			copy_out(r, tail + 4, buf, len);
	}
	dmb(); /* done reading before the producer may reuse the space */
	wr(r->hdr + HDR_TAIL, next);
	return rc;
}

/*
 * A lossy consumer cannot hold the producer back. A record at most half a
 * ring long may be being overwritten once the producer is more than half a
 * ring ahead of it (it writes the data before it moves head), so a copy is
 * kept only if head was within half a ring of the record both before and
 * after it; otherwise the consumer skips to the newest data and counts a
 * loss.
 */
static int recv_lossy(struct chan_ring *r, void *buf, uint32_t max)
{
	uint32_t head = rd(r->hdr + HDR_HEAD), len, need;

	if (head == r->tail)
		return CHAN_EMPTY;
	if (head - r->tail > r->cap / 2)
		goto overrun;
	dmb(); /* head before the record it published */
	len = rd(r->hdr + HDR_SIZE + (r->tail & (r->cap - 1)));
	need = len && len <= r->cap / 2 ? padded(len) : 0;
	if (!need || need > head - r->tail)
		goto overrun;
	if (len <= max)
		copy_out(r, r->tail + 4, buf, len);
	dmb(); /* the copy before the re-check */
	if (rd(r->hdr + HDR_HEAD) - r->tail > r->cap / 2)
		goto overrun;
	r->tail += need;
	return len <= max ? (int)len : CHAN_TOO_BIG;
overrun:
	r->lost++;
	r->tail = rd(r->hdr + HDR_HEAD);
	return CHAN_EMPTY;
}

int chan_recv_from(struct chan *ch, unsigned from, void *buf, uint32_t max)
{
	struct chan_ring *r;

	if (from >= ch->nr_ep || from == ch->ep || !ch->ring[from].hdr)
		return CHAN_EMPTY;
	r = &ch->ring[from];
	if (rd(r->hdr + HDR_MAGIC) != CHAN_MAGIC)
		return CHAN_NOT_READY;
	dmb(); /* the magic before the header it guards */
	return r->acked ? recv_acked(r, buf, max) : recv_lossy(r, buf, max);
}

int chan_recv(struct chan *ch, void *buf, uint32_t max, unsigned *from)
{
	for (unsigned e = 0; e < ch->nr_ep; e++) {
		int rc = chan_recv_from(ch, e, buf, max);

		if (rc == CHAN_EMPTY || rc == CHAN_NOT_READY)
			continue;
		if (from)
			*from = e;
		return rc;
	}
	return CHAN_EMPTY;
}

bool chan_pending(struct chan *ch)
{
	for (unsigned e = 0; e < ch->nr_ep; e++) {
		struct chan_ring *r = &ch->ring[e];
		uint32_t tail;

		if (e == ch->ep || !r->hdr ||
		    rd(r->hdr + HDR_MAGIC) != CHAN_MAGIC)
			continue;
		tail = r->acked ? rd(r->hdr + HDR_TAIL) : r->tail;
		if (rd(r->hdr + HDR_HEAD) != tail)
			return true;
	}
	return false;
}

void chan_ring(const struct chan *ch)
{
	dsb(); /* what was published, before the peer is told */
	wr(ch->doorbell + CHAN_REG_DOORBELL, 1);
}

#ifdef __arm__
int32_t chan_ring_hvc(const struct chan *ch)
{
	register uint32_t r0 __asm__("r0") = CHAN_HC_RING;
	register uint32_t r1 __asm__("r1") = ch->id;

	dsb();
	__asm__ volatile(".arch_extension virt\n\thvc #0"
			 : "+r"(r0), "+r"(r1)
			 :
			 : "r2", "r3", "memory");
	return (int32_t)r0;
}
#endif
