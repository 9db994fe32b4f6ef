/* Tessera's hypercalls (docs/hypercalls.md). */
#include <arch/guest_mem.h>
#include <core/console.h>
#include <core/hypercall.h>
#include <core/partition.h>

#define PAGE_SIZE 4096u

/* Host pointer to [pa, pa+len) if it lies in the partition's own RAM. */
static const char *partition_ram(const struct partition *p, uint64_t pa,
				 uint32_t len)
{
	for (unsigned i = 0; i < p->cfg->nr_mem; i++) {
		uint64_t base = p->host_mem[i], size = p->cfg->mem[i].size;

		if (pa >= base && pa + len <= base + size)
			return (const char *)(uintptr_t)pa;
	}
	return NULL;
}

/* Writes what the guest has at va (any length), page by page. */
static int32_t guest_write(struct vcpu *v, uint32_t va, uint32_t len)
{
	uint32_t done = 0;

	while (done < len) {
		uint32_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		const char *src;
		uint64_t pa;

		if (chunk > len - done)
			chunk = len - done;
		if (!guest_va_to_pa(va, &pa) ||
		    !(src = partition_ram(v->part, pa, chunk)))
			return done ? (int32_t)done : HC_INVALID_ADDRESS;
		spin_lock(&v->part->console_lock);
		for (uint32_t i = 0; i < chunk; i++)
			guest_console_putc(v->part, src[i]);
		spin_unlock(&v->part->console_lock);
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
	default:
		r[0] = (uint32_t)HC_NOT_SUPPORTED;
		break;
	}
	return VCPU_RESUME;
}

static void emit_line(struct partition *p, bool continued)
{
	hyp_print("%s%s %.*s\n", p->cfg->name, continued ? "+" : ":",
		  (int)p->line_len, p->line);
	p->line_len = 0;
}

void guest_console_putc(struct partition *p, char c)
{
	if (c == '\r')
		return;
	if (c == '\n') {
		emit_line(p, false);
		return;
	}
	if (p->line_len == CONSOLE_LINE_MAX) /* continued on the next line */
		emit_line(p, true);
	p->line[p->line_len++] = c;
}

void guest_console_flush(struct partition *p)
{
	spin_lock(&p->console_lock);
	if (p->line_len)
		emit_line(p, false);
	spin_unlock(&p->console_lock);
}
