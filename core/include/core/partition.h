/*
 * Partitions and their virtual CPUs. Created once at boot from the validated
 * configuration; a partition is never destroyed, only stopped or restarted.
 */
#ifndef CORE_PARTITION_H
#define CORE_PARTITION_H

#include <arch/lpae.h>
#include <arch/spinlock.h>
#include <arch/stage2.h>
#include <arch/vcpu.h>
#include <core/config.h>
#include <core/guest_platform.h>
#include <core/mmio.h>
#include <core/psci.h>
#include <core/testdev.h>
#include <core/vgic.h>
#include <core/vpl011.h>
#include <stdbool.h>
#include <stdint.h>

#define CONSOLE_LINE_MAX 256
#define CONSOLE_RX_QUEUE 1024 /* console input held for a slow guest */

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
};

enum partition_state {
	PART_RUNNING,
	PART_RESETTING,
	PART_OFF,
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
	uint32_t dtb_size;
	unsigned nr_vcpus;
	struct vcpu vcpu[MAX_CPUS];
	struct psci_vcpu psci_vcpu[MAX_CPUS];
	struct psci_partition psci;
	struct mmio_bus mmio;
	struct testdev testdev;
	struct vgic vgic;
	struct vpl011 vuart;
	spinlock_t uart_lock;
	/* Console input waiting for room in the virtual UART's FIFO. */
	char rx_queue[CONSOLE_RX_QUEUE];
	unsigned rx_head, rx_len;
	spinlock_t lock;
	volatile enum partition_state state;
	unsigned resets;
	uint64_t cntvoff; /* the counter value when the partition (re)started */
	/* Console line being assembled from HC_CONSOLE_WRITE. */
	char line[CONSOLE_LINE_MAX];
	unsigned line_len;
	spinlock_t console_lock;
	/* Things logged once per partition. */
	uint32_t warned;
};

/* Bits of partition.warned */
#define WARN_CP15 (1u << 0)
#define WARN_IRQ (1u << 1)
#define WARN_FIQ (1u << 2)
#define WARN_WFE (1u << 3)
#define WARN_UART_RX (1u << 4)

/* Builds every partition of c: memory, stage 2, images, device trees. */
void partitions_create(const struct config *c, const struct platform *p);
/* The vCPU a physical CPU runs, or NULL when the CPU is not assigned. */
struct vcpu *vcpu_of_pcpu(unsigned pcpu);
unsigned partitions_count(void);
struct partition *partition_get(unsigned idx);
/* A byte of console input for partition idx's virtual UART. */
bool partition_uart_rx(unsigned idx, char c);

/* (Re)loads images and device tree, zeroes allocated memory. */
void partition_load(struct partition *part);
/* Stops every vCPU of the partition; off = true for SYSTEM_OFF. */
void partition_stop(struct partition *part, struct vcpu *caller, bool off,
		    const char *why);
/* SYSTEM_RESET: stop, reload, start vCPU 0 again. */
void partition_reset(struct partition *part, struct vcpu *caller);
/* Does [ipa, ipa+size) lie inside one of the partition's memory regions? */
bool partition_ipa_is_ram(const struct partition *part, uint64_t ipa,
			  uint64_t size);

/* core/vcpu.c: the per-CPU loop; never returns. */
void pcpu_run(unsigned pcpu) __attribute__((noreturn));
/* Makes the physical CPU of v leave the guest or its idle wait. */
void vcpu_kick(struct vcpu *v);

#endif
