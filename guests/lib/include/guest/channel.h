/*
 * Tessera channels for bare-metal guests (docs/channels.md): memory shared
 * with other partitions, a ring buffer per writing endpoint, and a doorbell.
 * Self-contained: needs libfdt (to read the channel's node) and nothing
 * else of the guest.
 *
 * Layout (docs/channels.md, "Ring buffers"): the shared memory is cut into
 * equal slices, one per read-write endpoint in endpoint order; the slice of
 * a writer holds the one ring it produces, which every other endpoint
 * consumes. A ring is "acknowledged" when the channel has exactly two
 * endpoints, both read-write: the consumer publishes its index and the
 * producer never overwrites what was not consumed (chan_send returns
 * CHAN_FULL). Otherwise (a read-only consumer cannot write its index, and
 * several consumers would need one each) the ring is "lossy": the producer
 * never waits, a consumer that falls more than a ring behind skips ahead
 * and counts what it lost.
 *
 * Records are length-prefixed, 1 to chan_max_record() bytes. One
 * producer per ring (one vCPU of the writing partition at a time).
 */
#ifndef GUEST_LIB_CHANNEL_H
#define GUEST_LIB_CHANNEL_H

#include <stdbool.h>
#include <stdint.h>

#define CHAN_MAX_ENDPOINTS 4
#define CHAN_NAME_MAX 32

/* The doorbell page (core/include/core/channel.h) */
#define CHAN_REG_DOORBELL 0x000u
#define CHAN_REG_ENDPOINT 0x004u
#define CHAN_REG_ENDPOINTS 0x008u
#define CHAN_REG_ID 0x00cu
#define CHAN_REG_SIZE 0x010u

#define CHAN_HC_RING 0x86000004u /* HC_CHANNEL_RING: r1 = channel id */

/* Results */
#define CHAN_OK 0
#define CHAN_EMPTY 0        /* chan_recv: nothing to read */
#define CHAN_FULL (-1)      /* chan_send: acknowledged ring has no room */
#define CHAN_TOO_BIG (-2)   /* record empty or larger than chan_max_record() */
#define CHAN_READ_ONLY (-3) /* chan_send on a read-only endpoint */
#define CHAN_NOT_READY (-4) /* the producer has not set its ring up yet */

/* A ring as one endpoint sees it. */
struct chan_ring {
	uintptr_t hdr;    /* guest address of its header (0: none) */
	uint32_t cap;     /* bytes of data, a power of two */
	bool acked;
	uint32_t tail;    /* lossy consumer: where it reads next */
	uint32_t lost;    /* lossy consumer: records skipped */
};

struct chan {
	char name[CHAN_NAME_MAX];
	uintptr_t base;     /* shared memory */
	uint32_t size;
	uintptr_t doorbell; /* the doorbell page */
	uint32_t id;        /* tessera,channel-id */
	uint32_t ep, nr_ep; /* this endpoint, how many */
	unsigned intid;     /* this endpoint's doorbell interrupt */
	bool ro[CHAN_MAX_ENDPOINTS];
	struct chan_ring ring[CHAN_MAX_ENDPOINTS]; /* by producing endpoint */
};

/*
 * Finds the "tessera,channel" node labelled name (NULL: the first) in the
 * tree and fills ch; sets up this endpoint's own ring if it writes (kept as
 * it is if a previous run of this partition set it up: see
 * docs/channels.md, "Restarts"). 0, or -1 with a reason in why.
 */
int chan_open(struct chan *ch, const void *fdt, const char *name, char *why,
	      unsigned whylen);

/* Largest record a chan_send() of this endpoint takes. */
uint32_t chan_max_record(const struct chan *ch);

/* Appends one record to this endpoint's ring (does not ring). */
int chan_send(struct chan *ch, const void *buf, uint32_t len);

/*
 * Takes the next record from endpoint from's ring into buf (max bytes):
 * its length (> 0), CHAN_EMPTY, CHAN_NOT_READY, or CHAN_TOO_BIG (the
 * record is dropped).
 */
int chan_recv_from(struct chan *ch, unsigned from, void *buf, uint32_t max);

/* chan_recv_from() every other endpoint in turn; *from says which. */
int chan_recv(struct chan *ch, void *buf, uint32_t max, unsigned *from);

/* Is there something to read from any other endpoint? */
bool chan_pending(struct chan *ch);

/* Rings every other endpoint's doorbell: one write to the doorbell page. */
void chan_ring(const struct chan *ch);

/* The same by hypercall (HC_CHANNEL_RING): 0 or a negative SMCCC error. */
int32_t chan_ring_hvc(const struct chan *ch);

#endif
