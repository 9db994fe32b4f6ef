/*
 * Build-time limits. Each is documented in docs/architecture.md; exceeding one
 * is reported at boot with the limit's name, never silently truncated.
 */
#ifndef CORE_LIMITS_H
#define CORE_LIMITS_H

#define MAX_CPUS 8         /* physical CPUs the hypervisor manages */
#define MAX_MEM_REGIONS 8  /* RAM ranges in the host device tree */
/* /memreserve/ entries plus /reserved-memory children of the host tree */
#define MAX_HOST_RESERVED 16

/* Configuration (docs/config.md) */
#define MAX_PARTITIONS 8
#define MAX_PART_MEM 8       /* memory regions per partition */
#define MAX_PART_DEVICES 8   /* passthrough devices per partition */
#define MAX_PART_IRQS 32     /* extra passthrough IRQs per partition */
#define MAX_DEVICE_REGS 4    /* "reg" entries of one passthrough device */
#define MAX_DEVICE_IRQS 8    /* interrupts of one passthrough device */
#define MAX_MMIO_REGIONS 16  /* emulated device ranges per partition */
#define MAX_VDEVS 8          /* virtual devices attached to a partition */
#define STAGE2_POOL_PAGES 64 /* stage-2 table pages per partition */
#define MAX_CHANNELS 8          /* shared-memory channels (docs/channels.md) */
#define MAX_CHANNEL_ENDPOINTS 4 /* partitions on one channel */
#define MAX_PART_CHANNELS 4     /* channel endpoints of one partition */

/* Per-CPU stack slot: [guard page | main stack | exception stack]. */
#define STACK_GUARD_SIZE 0x1000
#define STACK_MAIN_SIZE 0x2000
#define STACK_EXC_SIZE 0x1000
#define STACK_SLOT_SHIFT 14
#define STACK_SLOT_SIZE (1 << STACK_SLOT_SHIFT)

/* Pages for the hypervisor's own (Hyp stage-1) translation tables. */
#define HYP_PT_PAGES 32

#endif
