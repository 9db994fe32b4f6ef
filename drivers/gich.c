/* GIC virtual interface control (GICH) of the calling CPU: banked per CPU. */
#include <arch/gich.h>
#include <drivers/gic.h>
#include <drivers/mmio.h>

static uintptr_t gich;
static unsigned nr_lrs;

void gich_init(uintptr_t base)
{
	gich = base;
	nr_lrs = gic_nr_list_regs(base);
}

unsigned gich_nr_lrs(void)
{
	return nr_lrs;
}

uint32_t gich_read_lr(unsigned n)
{
	return mmio_read32(gich + GICH_LR(n));
}

void gich_write_lr(unsigned n, uint32_t v)
{
	mmio_write32(gich + GICH_LR(n), v);
}

uint64_t gich_read_elsr(void)
{
	uint64_t elsr = mmio_read32(gich + GICH_ELSR0);

	if (nr_lrs > 32) /* GICH_ELSR1 only exists then */
		elsr |= (uint64_t)mmio_read32(gich + GICH_ELSR0 + 4) << 32;
	return elsr;
}

uint32_t gich_read_misr(void)
{
	return mmio_read32(gich + GICH_MISR);
}

uint32_t gich_read_hcr(void)
{
	return mmio_read32(gich + GICH_HCR);
}

void gich_write_hcr(uint32_t v)
{
	mmio_write32(gich + GICH_HCR, v);
}

uint32_t gich_read_vmcr(void)
{
	return mmio_read32(gich + GICH_VMCR);
}

void gich_write_vmcr(uint32_t v)
{
	mmio_write32(gich + GICH_VMCR, v);
}

uint32_t gich_read_apr(void)
{
	return mmio_read32(gich + GICH_APR);
}

void gich_write_apr(uint32_t v)
{
	mmio_write32(gich + GICH_APR, v);
}
