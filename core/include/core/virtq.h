/*
 * Split virtqueues (virtio 1.x, section 2.7), device side. The rings live in
 * a partition's memory; the guest may change them at any time from another
 * vCPU, so the device copies every descriptor before it looks at it and
 * validates the copy: ring and buffer addresses translate to the
 * partition's RAM (through virtq_mem), a chain has at most queue-size
 * descriptors (a loop ends there) and at most VIRTQ_MAX_SEGS, its bytes add
 * up to no more than the caller's bound, and driver-writable descriptors
 * follow the readable ones (2.7.4.2). Indirect descriptors are not offered
 * and are refused.
 *
 * What a failure means (docs/channels.md, "virtio device model"):
 * - a ring that is not in RAM or misaligned, or an avail index more than
 *   the queue size ahead of the device: the queue is broken, the device
 *   reports DEVICE_NEEDS_RESET (VIRTQ_E_RING);
 * - a bad chain (VIRTQ_E_CHAIN): it is returned in the used ring with
 *   length 0 and the device carries on with the next one.
 * No function here takes a lock; the owner serialises calls per queue.
 */
#ifndef CORE_VIRTQ_H
#define CORE_VIRTQ_H

#include <hw/virtio_mmio.h> /* the layout in guest memory (2.7) */
#include <stdbool.h>
#include <stdint.h>

#define VIRTQ_MAX_SIZE 256u /* largest queue any device here offers */
#define VIRTQ_MAX_SEGS 16u  /* descriptors per chain */

/* How a device reaches guest memory: the host address of [ipa, ipa + size)
 * when all of it is RAM of the partition, else NULL. */
struct virtq_mem {
	void *(*to_host)(void *ctx, uint64_t ipa, uint64_t size);
	void *ctx;
};

struct virtq {
	/* Set by the driver through the transport. */
	uint32_t num;                 /* queue size: a power of 2, <= max */
	uint64_t desc, avail, used;   /* guest addresses of the three parts */
	bool ready;
	/* Device state, valid when ready. */
	struct virtq_desc *desc_h;    /* host views of the three parts */
	volatile uint16_t *avail_h;   /* flags, idx, ring[num] */
	volatile uint16_t *used_h;    /* flags, idx, then elems */
	uint16_t last_avail;          /* next avail entry to take */
	uint16_t used_idx;            /* our copy of used->idx */
};

struct virtq_seg {
	uint8_t *host;
	uint32_t len;
};

/* A validated chain: readable segments first, then writable ones. */
struct virtq_chain {
	uint16_t head;
	unsigned nr_read, nr_write;
	uint32_t read_bytes, write_bytes;
	struct virtq_seg seg[VIRTQ_MAX_SEGS];
};

enum virtq_err {
	VIRTQ_OK = 0,
	VIRTQ_EMPTY = 1,       /* nothing available */
	VIRTQ_E_RING = -1,     /* the queue is unusable: needs reset */
	VIRTQ_E_CHAIN = -2,    /* this chain is bad; return it with length 0 */
};

/*
 * The driver set QueueReady: checks num (power of 2, 1..max) and that the
 * three parts are RAM with the alignment of 2.7 (16, 2, 4), and makes the
 * queue usable. VIRTQ_OK or VIRTQ_E_RING (then the queue stays not ready).
 */
int virtq_enable(struct virtq *q, unsigned max, const struct virtq_mem *m);
/* Back to the reset state (not ready, addresses 0, num = max). */
void virtq_reset(struct virtq *q, unsigned max);
/* Entries available to the device now (0 when not ready); VIRTQ_E_RING as
 * a negative value when the avail index ran more than num ahead. */
int virtq_pending(const struct virtq *q);
/*
 * Takes the next available chain into *c, validated (total bytes at most
 * max_bytes). VIRTQ_OK, VIRTQ_EMPTY, VIRTQ_E_RING, or VIRTQ_E_CHAIN with
 * c->head set: the caller returns it with virtq_push(q, c->head, 0).
 */
int virtq_pop(struct virtq *q, const struct virtq_mem *m, uint32_t max_bytes,
	      struct virtq_chain *c);
/* Returns chain head to the driver with len bytes written. */
void virtq_push(struct virtq *q, uint16_t head, uint32_t len);
/* Driver asked for no interrupt (VIRTQ_AVAIL_F_NO_INTERRUPT, 2.7.7). */
bool virtq_no_interrupt(const struct virtq *q);

#endif
