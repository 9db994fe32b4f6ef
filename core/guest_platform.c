/* The guest-visible platform presets (see docs/config.md). */
#include <core/guest_platform.h>
#include <string.h>

static const struct guest_platform presets[GUEST_PRESET_COUNT] = {
	[GUEST_VEXPRESS] = {
		.name = "vexpress",
		.ram_base = 0x80000000u,
		.gicd = 0x2c001000u,
		.gicc = 0x2c002000u,
		.uart = 0x1c090000u,
		.uart_irq = 32 + 5,
		.vtimer_irq = 27,
		.ptimer_irq = 30,
		/* QEMU's vexpress-a15 virtio-mmio area, SPI 40 */
		.virtio_net = 0x1c130000u,
		.virtio_net_irq = 32 + 40,
		.nr_windows = 4,
		.windows = {
			{"GIC distributor", 0x2c001000u, 0x1000u},
			{"GIC CPU interface", 0x2c002000u, 0x2000u},
			{"console UART", 0x1c090000u, 0x1000u},
			{"virtio-net", 0x1c130000u, 0x1000u},
		},
	},
	[GUEST_VIRT] = {
		.name = "virt",
		.ram_base = 0x40000000u,
		.gicd = 0x08000000u,
		.gicc = 0x08010000u,
		.uart = 0x09000000u,
		.uart_irq = 32 + 1,
		.vtimer_irq = 27,
		.ptimer_irq = 30,
		/* The last page of QEMU's virt virtio-mmio area (the test
		 * device usually takes the first), SPI 47 */
		.virtio_net = 0x0a003000u,
		.virtio_net_irq = 32 + 47,
		.nr_windows = 4,
		.windows = {
			{"GIC distributor", 0x08000000u, 0x10000u},
			{"GIC CPU interface", 0x08010000u, 0x10000u},
			{"console UART", 0x09000000u, 0x1000u},
			{"virtio-net", 0x0a003000u, 0x1000u},
		},
	},
};

const struct guest_platform *guest_platform_get(enum guest_preset p)
{
	return p < GUEST_PRESET_COUNT ? &presets[p] : NULL;
}

const struct guest_platform *guest_platform_find(const char *name)
{
	for (unsigned i = 0; i < GUEST_PRESET_COUNT; i++)
		if (!strcmp(presets[i].name, name))
			return &presets[i];
	return NULL;
}
