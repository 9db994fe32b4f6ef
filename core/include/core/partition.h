/*
 * Partitions and their virtual CPUs. Created once at boot from the validated
 * configuration; a partition is never destroyed, only stopped or restarted
 * (its lifecycle: core/include/core/partition_state.h). Its memory:
 * core/include/core/partition_mem.h; its images: partition_image.h; its
 * console: guest_console.h; its virtual devices: vdev.h.
 */
#ifndef CORE_PARTITION_H
#define CORE_PARTITION_H

#include <arch/lpae.h>
#include <arch/spinlock.h>
#include <arch/stage2.h>
#include <arch/vcpu.h>
#include <core/config.h>
#include <core/exit_stats.h>
#include <core/guest_console.h>
#include <core/guest_platform.h>
#include <core/mem_defer.h>
#include <core/mmio.h>
#include <core/partition_state.h>
#include <core/psci.h>
#include <core/testdev.h>
#include <core/vdev.h>
#include <core/vgic.h>
#include <core/vpl011.h>
#include <stdbool.h>
#include <stdint.h>

/* Requests another CPU makes of a vCPU; it acts on them at its next exit. */
#define VCPU_REQ_STOP (1u << 0) /* the partition is stopping or resetting */

struct partition;

struct vcpu {
	struct arch_vcpu arch;
	struct partition *part;
	unsigned idx;  /* vCPU index: MPIDR.Aff0 */
	unsigned pcpu; /* the physical CPU it runs on, always */
	volatile uint32_t requests;
	volatile bool parked; /* stopped, waiting in the idle loop */
	bool boot_entry;      /* start with the Linux boot registers */
	/* The MMIO access being emulated (arch/arm/trap.c), on its own CPU:
	   not on the stack, where it would cost a stack-protector canary on
	   every MMIO exit. */
	struct mmio_access mmio;
	struct exit_stats stats; /* written by its own CPU only */
};

struct partition {
	unsigned id;
	const struct cfg_partition *cfg;
	const struct guest_platform *gp;
	uint8_t vmid;
	struct lpae_table s2;
	struct s2_pool s2_pool;
	uint64_t host_mem[MAX_PART_MEM]; /* host address of each memory region */
	uint32_t dtb_ipa;                 /* where the guest's device tree goes */
	unsigned nr_vcpus;
	/* Used on exits: kept near the start, where an immediate offset
	   reaches them (Thumb-2 LDR/STR: 4095 bytes). */
	struct mmio_bus mmio;
	struct psci_partition psci;
	struct psci_vcpu psci_vcpu[MAX_CPUS];
	struct vcpu vcpu[MAX_CPUS];
	struct vdev_list vdevs; /* attached in order, reset in that order */
	struct testdev testdev;
	struct vgic vgic;
	struct vpl011 vuart;
	struct guest_console console;
	spinlock_t lock; /* state, and the PSCI state of its vCPUs */
	volatile enum partition_state state;
	unsigned resets;
	/* A stop that arrived during a reset (its reason): the reset ends OFF. */
	const char *stop_during_reset;
	uint64_t cntvoff; /* the counter value when the partition (re)started */
	/* Things logged once per partition. */
	uint32_t warned;
	/*
	 * RAM blocks zeroed on first touch (core/include/core/mem_defer.h):
	 * set by a load, cleared by the fill under fill_lock (the vCPUs and,
	 * from any CPU, the hypervisor's own accesses may race for a block).
	 */
	struct defer_map deferred;
	spinlock_t fill_lock;
};

/* Bits of partition.warned */
#define WARN_CP15 (1u << 0)
#define WARN_IRQ (1u << 1)
#define WARN_FIQ (1u << 2)
#define WARN_WFE (1u << 3)
#define WARN_UART_RX (1u << 4)

/*
 * Builds every partition of c (memory, stage 2, devices, images, device
 * trees) and starts it: CREATED -> RUNNING, vCPU 0 pending.
 */
void partitions_create(const struct config *c, const struct platform *p);
/* The vCPU a physical CPU runs, or NULL when the CPU is not assigned. */
struct vcpu *vcpu_of_pcpu(unsigned pcpu);
unsigned partitions_count(void);
struct partition *partition_get(unsigned idx);

/*
 * SYSTEM_OFF or an unhandled exit of caller: RUNNING -> STOPPING, every
 * other vCPU parked, -> OFF. off: counts towards powering the machine off
 * when every partition is off. When another vCPU already owns a stop or a
 * reset, returns at once: a reset under way is told to end OFF instead
 * (partition_request_resolve()).
 */
void partition_stop(struct partition *part, struct vcpu *caller, bool off,
		    const char *why);
/*
 * SYSTEM_RESET by caller: RUNNING -> RESETTING, every other vCPU parked,
 * images reloaded, devices reset, -> RUNNING with vCPU 0 pending (-> OFF if
 * the reload fails, or when a stop arrived meanwhile). Returns at once when
 * another vCPU already owns a stop or a reset.
 */
void partition_reset(struct partition *part, struct vcpu *caller);
/* Logs a message about the partition once (per bit of partition.warned). */
void partition_warn_once(struct partition *p, uint32_t bit, const char *fmt,
			 ...) __attribute__((format(printf, 3, 4)));

#endif
