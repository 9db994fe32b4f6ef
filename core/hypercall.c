/* Tessera's hypercalls (docs/hypercalls.md). */
#include <arch/guest_mem.h>
#include <core/channel.h>
#include <core/guest_console.h>
#include <core/hypercall.h>
#include <core/partition.h>
#include <core/partition_mem.h>

#define PAGE_SIZE 4096u

/*
 * The host address of the guest's va for len bytes (one page at most). A
 * block waiting for its first touch (core/include/core/mem_defer.h) has no
 * valid stage-2 entry, so the two-stage walk fails there: stage 1 alone
 * gives the IPA, the block is zeroed and mapped, and the walk is retried.
 */
static const char *guest_src(struct vcpu *v, uint32_t va, uint32_t len)
{
	uint64_t pa, ipa;

	if (!guest_va_to_pa(va, &pa)) {
		if (!guest_va_to_ipa(va, &ipa) ||
		    !partition_fill(v->part, ipa, len) ||
		    !guest_va_to_pa(va, &pa))
			return NULL;
	}
	return partition_host_ram(v->part, pa, len);
}

/*
 * Writes up to HC_CONSOLE_WRITE_MAX bytes of what the guest has at va, page
 * by page; returns how many it took. Longer requests are cut, not refused:
 * Hyp mode runs with interrupts masked, so one call must not take the CPU
 * for as long as the guest likes.
 */
static int32_t guest_write(struct vcpu *v, uint32_t va, uint32_t len)
{
	uint32_t done = 0;

	if (v->part->cfg->console == CONSOLE_NONE)
		return HC_NOT_SUPPORTED; /* no console: nothing may print */
	if (len > HC_CONSOLE_WRITE_MAX)
		len = HC_CONSOLE_WRITE_MAX;
	while (done < len) {
		uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		const char *src;

		if (chunk > len - done)
			chunk = len - done;
		if (!(src = guest_src(v, va, chunk)))
			return done ? (int32_t)done : HC_INVALID_ADDRESS;
		guest_console_write(v->part, src, chunk);
		va += chunk;
		done += chunk;
	}
	return (int32_t)done;
}

enum vcpu_action hypercall_handle(struct vcpu *v)
{
	uint32_t *r = v->arch.regs.r;

	switch (r[0]) {
	case HC_VERSION:
		r[0] = HC_VERSION_VALUE;
		break;
	case HC_NULL:
		r[0] = 0;
		break;
	case HC_VCPU_INFO:
		r[0] = v->idx;
		r[1] = v->part->nr_vcpus;
		r[2] = v->part->id;
		break;
	case HC_CONSOLE_WRITE:
		r[0] = (uint32_t)guest_write(v, r[1], r[2]);
		break;
	case HC_CHANNEL_RING:
		r[0] = channel_ring_from(v->part->cfg, r[1])
			       ? (uint32_t)HC_INVALID_PARAMETER
			       : 0;
		break;
	default:
		r[0] = (uint32_t)HC_NOT_SUPPORTED;
		break;
	}
	return VCPU_RESUME;
}
