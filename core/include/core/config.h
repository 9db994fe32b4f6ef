/*
 * The system configuration: a device tree (docs/config.md) that describes
 * the partitions. Read once, at boot and by the host tool build/host/hvconfig,
 * in three stages: config_parse() (core/config_parse.c) turns the tree into
 * struct config, config_resolve() (core/config_resolve.c) fills in what the
 * host device tree says about passthrough devices, config_check()
 * (core/config_check.c) checks the result against itself and the host.
 * Nothing here touches hardware or allocates memory.
 */
#ifndef CORE_CONFIG_H
#define CORE_CONFIG_H

#include <core/guest_platform.h>
#include <core/limits.h>
#include <core/platform.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CFG_NAME_MAX 32
#define CFG_PATH_MAX 128

enum console_mode {
	CONSOLE_VIRTUAL,     /* emulated PL011 + hypercall console, shared UART */
	CONSOLE_PASSTHROUGH, /* a physical UART given to the partition */
	CONSOLE_NONE,
};

struct cfg_mem {
	uint64_t guest;   /* guest physical (IPA) base */
	uint64_t size;
	uint64_t host;    /* host physical base when fixed */
	bool fixed;       /* host-addr given; otherwise allocated and zeroed */
};

/* A guest image: embedded in the configuration, or left in RAM by the loader. */
struct cfg_blob {
	bool present;
	const void *data; /* embedded bytes (data = /incbin/(...)), or NULL */
	uint64_t host;    /* where the boot loader put it, when data is NULL */
	uint64_t size;
	uint64_t load;    /* guest physical address to copy it to */
};

struct cfg_device {
	char host_path[CFG_PATH_MAX]; /* node in the host device tree */
	unsigned nr_regs;
	struct mem_range regs[MAX_DEVICE_REGS]; /* host physical; resolved */
	unsigned nr_irqs;
	uint32_t irqs[MAX_DEVICE_IRQS];         /* INTIDs from its "interrupts" */
	/* Its node in the host tree, for the guest device tree (resolved). */
	const void *host_fdt;
	int host_node;
};

struct cfg_channel;

/* A channel endpoint of a partition: channel->ep[ep] (docs/channels.md). */
struct cfg_chan_ref {
	const struct cfg_channel *ch;
	unsigned ep;
};

struct cfg_partition {
	char name[CFG_NAME_MAX];  /* the node name */
	char path[CFG_PATH_MAX];  /* the node path, for messages */
	unsigned nr_cpus;
	uint8_t cpus[MAX_CPUS];   /* physical CPU index of vCPU i */
	enum guest_preset preset;
	unsigned nr_mem;
	struct cfg_mem mem[MAX_PART_MEM];
	struct cfg_blob kernel;   /* required */
	struct cfg_blob initrd;   /* optional */
	uint64_t entry;           /* defaults to kernel.load */
	const char *bootargs;     /* NULL when absent */
	enum console_mode console;
	unsigned nr_devices;
	struct cfg_device devices[MAX_PART_DEVICES];
	unsigned nr_irqs;         /* extra passthrough SPIs from "irqs" */
	uint32_t irqs[MAX_PART_IRQS];
	bool has_test_device;
	uint64_t test_device;     /* guest address of the MMIO test device */
	/* "network": the link its virtio-net device is on, "" for none */
	char network[CFG_NAME_MAX];
	unsigned nr_channels;     /* its channel endpoints, in channel order */
	struct cfg_chan_ref channels[MAX_PART_CHANNELS];
};

/* The doorbell page of an endpoint follows its shared memory. */
#define CFG_DOORBELL_SIZE 0x1000u

/* One side of a channel: a partition's view of the shared memory. */
struct cfg_endpoint {
	char path[CFG_PATH_MAX]; /* its node path, for messages */
	unsigned part;           /* index of its partition in config.part */
	char partition[CFG_NAME_MAX]; /* and its name */
	uint64_t guest;          /* memory at guest, doorbell at guest + size */
	bool read_only;          /* access = "ro" */
	uint32_t intid;          /* the doorbell's SPI in this partition */
};

/*
 * Memory shared by two or more partitions, allocated once and zeroed at
 * boot, with a doorbell per endpoint (docs/channels.md).
 */
struct cfg_channel {
	char name[CFG_NAME_MAX];
	char path[CFG_PATH_MAX];
	unsigned index;          /* in config.channels: the hypercall's id */
	uint64_t size;
	unsigned nr_endpoints;
	struct cfg_endpoint ep[MAX_CHANNEL_ENDPOINTS];
};

struct config {
	unsigned nr_partitions;
	struct cfg_partition part[MAX_PARTITIONS];
	unsigned nr_channels;
	struct cfg_channel channels[MAX_CHANNELS];
};

/* Something validation must keep partitions away from. */
struct cfg_reserved {
	const char *what;
	uint64_t base, size;
};

#define CFG_MAX_RESERVED 16 /* reserved ranges config_check() takes */

/*
 * Where errors go: one call per problem, already formatted. Warnings (a
 * configuration that is valid but gives a partition more than it seems, such
 * as a device that can do DMA) go to warning, when set, and do not count as
 * errors.
 */
struct cfg_report {
	void (*error)(void *ctx, const char *msg);
	void *ctx;
	unsigned errors;
	void (*warning)(void *ctx, const char *msg);
	unsigned warnings;
};

/*
 * Parses the configuration tree into c. Every problem is reported (node path
 * and reason) and counted; returns the number of errors (0 = usable).
 */
int config_parse(const void *fdt, struct config *c, struct cfg_report *r);

/*
 * Resolves each passthrough device of c in the host tree host_fdt: fills its
 * regs, irqs, host_fdt and host_node. A device that does not exist, has no
 * usable "reg" (or one of size 0) or non-SPI interrupts, or shares a page
 * with one of the hypervisor's own devices (known when host is given) is
 * reported and left with no regs and no irqs. Does nothing when host_fdt is
 * NULL. Returns the number of errors
 * found (also counted in r->errors).
 */
int config_resolve(struct config *c, const struct platform *host,
		   const void *host_fdt, struct cfg_report *r);

/*
 * Checks a parsed (and, with host_fdt, resolved) configuration against
 * itself and the host: CPUs exist and are given once, memory regions do not
 * overlap each other, the reserved ranges, the host's reserved memory,
 * images left in RAM, host devices or the guest preset's device windows;
 * images fit their regions and leave the guest device tree its room, and
 * those left in RAM share no page; a device's pages are not RAM, reserved
 * or another device's; devices and IRQs are given once. Devices that may do
 * DMA are reported as warnings (r->warning). host may be NULL (host tool
 * without --host): then only checks that need no host knowledge run. At
 * most CFG_MAX_RESERVED reserved ranges. Returns the number of errors found
 * (also counted in r->errors).
 */
int config_check(const struct config *c, const struct platform *host,
		 const void *host_fdt, const struct cfg_reserved *reserved,
		 unsigned nr_reserved, struct cfg_report *r);

/*
 * The generated guest device tree goes into the top CFG_GUEST_DT_SIZE bytes
 * of the memory region that holds the kernel's load address; neither the
 * kernel nor the initrd may reach into them. One rule for config_check()
 * and the hypervisor's placement (core/partition_image.c).
 */
#define CFG_GUEST_DT_SIZE 0x10000u

enum cfg_dt_place {
	CFG_DT_OK,
	CFG_DT_NO_REGION,   /* the kernel's load address is in no region */
	CFG_DT_SMALL,       /* the region is smaller than CFG_GUEST_DT_SIZE */
	CFG_DT_KERNEL,      /* the kernel reaches into the top of its region */
	CFG_DT_INITRD,      /* so does the initrd */
};

/*
 * Where the guest device tree of c goes: sets *ipa (its guest address) and
 * *region (the memory region) unless CFG_DT_NO_REGION.
 */
enum cfg_dt_place config_guest_dt_place(const struct cfg_partition *c,
					uint64_t *ipa, unsigned *region);

/* config_resolve(), then config_check(): what the hypervisor runs at boot. */
int config_validate(struct config *c, const struct platform *host,
		    const void *host_fdt, const struct cfg_reserved *reserved,
		    unsigned nr_reserved, struct cfg_report *r);

#endif
