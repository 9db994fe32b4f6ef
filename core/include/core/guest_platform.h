/*
 * Guest memory-map presets: what a partition's guest sees where. A partition
 * chooses one with guest-platform = "vexpress" | "virt" in its configuration.
 */
#ifndef CORE_GUEST_PLATFORM_H
#define CORE_GUEST_PLATFORM_H

#include <stdint.h>

enum guest_preset {
	GUEST_VEXPRESS,
	GUEST_VIRT,
	GUEST_PRESET_COUNT,
};

struct guest_window {
	const char *name;
	uint32_t base;
	uint32_t size;
};

struct guest_platform {
	const char *name;        /* "vexpress" or "virt" */
	uint32_t ram_base;       /* where the preset's RAM usually starts */
	uint32_t gicd, gicc;     /* the guest's GIC distributor and CPU interface */
	uint32_t uart;           /* the guest's console PL011 */
	uint32_t uart_irq;       /* INTID of the guest console */
	uint32_t vtimer_irq;     /* INTID of the virtual timer PPI */
	uint32_t ptimer_irq;     /* INTID of the physical (EL1) timer PPI */
	uint32_t virtio_net;     /* the virtio-net device's MMIO page */
	uint32_t virtio_net_irq; /* and its SPI (INTID) */
	/* Address ranges reserved for emulated devices: no RAM may go there. */
	unsigned nr_windows;
	struct guest_window windows[4];
};

/* The preset named name, or NULL. */
const struct guest_platform *guest_platform_find(const char *name);
const struct guest_platform *guest_platform_get(enum guest_preset p);

#endif
