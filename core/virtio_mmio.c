/*
 * The virtio-mmio transport (core/include/core/virtio_mmio.h), register by
 * register as in virtio 1.x section 4.2.2 (version 2; no legacy registers).
 */
#include <core/virtio_mmio.h>
#include <stddef.h>

static struct virtq *sel_queue(struct virtio_mmio *t)
{
	return t->queue_sel < t->nr_queues ? &t->q[t->queue_sel] : NULL;
}

static void update_line(struct virtio_mmio *t)
{
	t->ops->set_irq(t, t->isr != 0);
}

void virtio_mmio_interrupt(struct virtio_mmio *t, uint32_t bits)
{
	t->isr |= bits;
	update_line(t);
}

void virtio_mmio_needs_reset(struct virtio_mmio *t, unsigned q)
{
	t->bad_rings++;
	t->q[q].ready = false;
	if (t->status & VIRTIO_STATUS_DRIVER_OK) {
		/* Another CPU's delivery may get here while the driver writes
		 * Status: neither change may be lost. */
		__atomic_fetch_or(&t->status, VIRTIO_STATUS_NEEDS_RESET,
				  __ATOMIC_SEQ_CST);
		virtio_mmio_interrupt(t, VIRTIO_INT_CONFIG);
	}
}

bool virtio_mmio_running(const struct virtio_mmio *t)
{
	return (t->status & VIRTIO_STATUS_DRIVER_OK) &&
	       !(t->status &
		 (VIRTIO_STATUS_NEEDS_RESET | VIRTIO_STATUS_FAILED));
}

void virtio_mmio_reset(struct virtio_mmio *t)
{
	t->ops->irq_lock(t);
	for (unsigned i = 0; i < t->nr_queues; i++)
		virtq_reset(&t->q[i], t->queue_max[i]);
	t->isr = 0;
	update_line(t);
	t->ops->irq_unlock(t);
	t->driver_features = 0;
	t->dev_features_sel = t->drv_features_sel = t->queue_sel = 0;
	__atomic_store_n(&t->status, 0, __ATOMIC_SEQ_CST);
}

/* FEATURES_OK is kept only for a subset of ours including VERSION_1
 * (3.1.1: the device may refuse; the driver reads the status back). */
static void write_status(struct virtio_mmio *t, uint32_t v)
{
	uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;

	if (v == 0) {
		virtio_mmio_reset(t);
		return;
	}
	if ((v & VIRTIO_STATUS_FEATURES_OK) &&
	    !(t->status & VIRTIO_STATUS_FEATURES_OK) &&
	    ((t->driver_features & ~t->device_features) ||
	     !(t->driver_features & v1)))
		v &= ~VIRTIO_STATUS_FEATURES_OK;
	/* The driver sets bits, it never clears one but by a reset; ours
	 * (NEEDS_RESET) stays. */
	__atomic_fetch_or(&t->status, v & 0xffu & ~VIRTIO_STATUS_NEEDS_RESET,
			  __ATOMIC_SEQ_CST);
}

static void set_half(uint64_t *r, bool high, uint32_t v)
{
	if (high)
		*r = (*r & 0xffffffffull) | ((uint64_t)v << 32);
	else
		*r = (*r & ~0xffffffffull) | v;
}

static void write_queue_ready(struct virtio_mmio *t, struct virtq *q,
			      uint32_t v)
{
	unsigned qi = (unsigned)(q - t->q);

	t->ops->irq_lock(t);
	if (!v)
		q->ready = false;
	else if (!q->ready &&
		 virtq_enable(q, t->queue_max[qi], &t->mem) != VIRTQ_OK)
		virtio_mmio_needs_reset(t, qi);
	t->ops->irq_unlock(t);
}

/* Queue registers: only while the queue is not ready (4.2.2). */
static void write_queue(struct virtio_mmio *t, uint32_t off, uint32_t v)
{
	struct virtq *q = sel_queue(t);

	if (!q)
		return;
	if (off == VIRTIO_MMIO_QUEUE_READY) {
		write_queue_ready(t, q, v);
		return;
	}
	if (q->ready)
		return;
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = v;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc, off & 4, v);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->avail, off & 4, v);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&q->used, off & 4, v);
		break;
	}
}

static void reg_write(struct virtio_mmio *t, uint32_t off, uint32_t v)
{
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->dev_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (t->drv_features_sel < 2 &&
		    !(t->status & VIRTIO_STATUS_FEATURES_OK))
			set_half(&t->driver_features, t->drv_features_sel, v);
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->drv_features_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (v < t->nr_queues && virtio_mmio_running(t))
			t->ops->notify(t, v);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->ops->irq_lock(t);
		t->isr &= ~v;
		update_line(t);
		t->ops->irq_unlock(t);
		break;
	case VIRTIO_MMIO_STATUS:
		write_status(t, v);
		break;
	default:
		write_queue(t, off, v);
		break;
	}
}

static uint32_t reg_read(struct virtio_mmio *t, uint32_t off)
{
	struct virtq *q = sel_queue(t);
	uint32_t v = 0;

	switch (off) {
	case VIRTIO_MMIO_MAGIC:
		return VIRTIO_MMIO_MAGIC_VALUE;
	case VIRTIO_MMIO_VERSION:
		return 2;
	case VIRTIO_MMIO_DEVICE_ID:
		return t->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (t->dev_features_sel < 2)
			v = (uint32_t)(t->device_features >>
				       (32 * t->dev_features_sel));
		return v;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return q ? t->queue_max[t->queue_sel] : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return q && q->ready;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		t->ops->irq_lock(t);
		v = t->isr;
		t->ops->irq_unlock(t);
		return v;
	case VIRTIO_MMIO_STATUS:
		return t->status;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return 0; /* the configuration never changes */
	default:
		return 0;
	}
}

int virtio_mmio_access(void *dev, struct mmio_access *a)
{
	struct virtio_mmio *t = dev;
	uint32_t off = a->offset;

	if (off >= VIRTIO_MMIO_CONFIG) {
		off -= VIRTIO_MMIO_CONFIG;
		if (a->write) /* read-only configuration: ignored */
			return MMIO_OK;
		a->data = off < t->config_size &&
				  a->size <= t->config_size - off
			  ? t->ops->config_read(t, off, a->size)
			  : 0;
		return MMIO_OK;
	}
	/* 4.2.2: registers are 32 bits wide, accessed as such. */
	if (a->size != 4 || (off & 3))
		return MMIO_DEVICE_ERROR;
	if (a->write)
		reg_write(t, off, a->data);
	else
		a->data = reg_read(t, off);
	return MMIO_OK;
}
