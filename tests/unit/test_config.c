/*
 * Host unit tests for the configuration (core/config.c) and the host tool
 * build/host/hvconfig, on the fixtures in tests/unit/config. good-*.dts must
 * parse to exactly the expected values and validate; each bad-*.dts includes
 * base.dtsi, breaks one thing, and must be rejected with exactly the
 * expected number of errors and a message that starts with the node path
 * and says what is wrong.
 *
 * Validation runs against the shipped vexpress-a15 host tree (4 CPUs, 1 GiB
 * at 0x80000000), host-devices.dts (the same plus devices to pass through) or
 * host-reserved.dts (the same with memory its firmware reserves).
 */
/* links: core/config_parse.c core/config_resolve.c core/config_check.c */
/* links: core/config_ranges.c core/config_report.c core/platform.c */
/* links: core/dt.c core/guest_platform.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/config.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unit_fdt.h"

#define IOFPGA "/smb@8000000/motherboard-bus/iofpga-bus@300000000"
#define HOST_4CPU_DTB "vexpress-a15/host-4cpu.dtb"
#define HOST_DEVICES_DTB "host/config/host-devices.dtb"
#define HOST_RESERVED_DTB "host/config/host-reserved.dtb"
#define HOST_TC2_DTB "tc2/vexpress-v2p-ca15_a7.dtb" /* Debian's, unmodified */
#define IMAGE_FILE "tests/unit/config/image.bin"
#define MSG_LEN 512 /* as core/config.c formats them */
#define MAX_MSGS 32

/* Where the tests pretend the hypervisor and the host tree sit. */
static const struct cfg_reserved reserved[] = {
	{"the hypervisor image", 0x80010000, 0x4c000},
	{"the host device tree", 0x81000000, 0x10000},
};
#define NR_RESERVED (sizeof(reserved) / sizeof(reserved[0]))

enum stage {
	PARSE,        /* config_parse must fail */
	NO_HOST,      /* parses; config_validate without a host fails */
	HOST_4CPU,    /* ... against host-4cpu.dtb */
	HOST_DEVICES, /* ... against host-devices.dtb */
	HOST_RESERVED, /* ... against host-reserved.dtb */
	HOST_TC2,     /* ... against TC2's tree: two clusters, two cores */
};

/* One checked configuration; static because struct config is large. */
static struct {
	void *fdt, *host_fdt;
	struct platform host;
	struct config cfg;
	struct cfg_report r;
	unsigned nr_msgs, nr_warnings;
	char msgs[MAX_MSGS][MSG_LEN];
	char warnings[MAX_MSGS][MSG_LEN];
	int parse_errors, validate_errors;
} chk;

static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	/* Every message names a node, and was not cut short. */
	assert_true(msg[0] == '/');
	assert_true(strlen(msg) < MSG_LEN - 1);
	if (chk.nr_msgs < MAX_MSGS)
		snprintf(chk.msgs[chk.nr_msgs], MSG_LEN, "%s", msg);
	chk.nr_msgs++;
}

static void collect_warning(void *ctx, const char *msg)
{
	(void)ctx;
	assert_true(msg[0] == '/');
	if (chk.nr_warnings < MAX_MSGS)
		snprintf(chk.warnings[chk.nr_warnings], MSG_LEN, "%s", msg);
	chk.nr_warnings++;
}

static void release(void)
{
	free(chk.fdt);
	free(chk.host_fdt);
	chk.fdt = chk.host_fdt = NULL;
}

static const char *all_messages(void)
{
	static char buf[MAX_MSGS * (MSG_LEN + 4)];
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < chk.nr_msgs && i < MAX_MSGS; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\n  %s",
				      chk.msgs[i]);
	return chk.nr_msgs ? buf : " (none)";
}

static void load_host(enum stage stage)
{
	char err[256];

	chk.host_fdt = unit_load_dtb(stage == HOST_DEVICES    ? HOST_DEVICES_DTB
				     : stage == HOST_RESERVED ? HOST_RESERVED_DTB
				     : stage == HOST_TC2      ? HOST_TC2_DTB
							      : HOST_4CPU_DTB);
	if (platform_parse(chk.host_fdt, &chk.host, err, sizeof(err)))
		fail_msg("host tree: %s", err);
}

/* Parses build/host/config/<fixture>.dtb and, past PARSE, validates it. */
static void run(const char *fixture, enum stage stage)
{
	char rel[160];

	release();
	memset(&chk.r, 0, sizeof(chk.r));
	chk.r.error = collect;
	chk.r.warning = collect_warning;
	chk.nr_msgs = chk.nr_warnings = 0;
	chk.validate_errors = 0;
	if (!strchr(fixture, '/'))
		snprintf(rel, sizeof(rel), "host/config/%s.dtb", fixture);
	else
		snprintf(rel, sizeof(rel), "%s", fixture);
	chk.fdt = unit_load_dtb(rel);
	chk.parse_errors = config_parse(chk.fdt, &chk.cfg, &chk.r);
	if (stage == PARSE)
		return;
	if (chk.parse_errors)
		fail_msg("%s: config_parse found %d error(s):%s", fixture,
			 chk.parse_errors, all_messages());
	if (stage != NO_HOST)
		load_host(stage);
	chk.validate_errors = config_validate(
		&chk.cfg, stage == NO_HOST ? NULL : &chk.host, chk.host_fdt,
		reserved, NR_RESERVED, &chk.r);
}

static void expect_clean(const char *fixture, enum stage stage)
{
	run(fixture, stage);
	if (chk.r.errors)
		fail_msg("%s: %u unexpected error(s):%s", fixture,
			 chk.r.errors, all_messages());
	assert_int_equal(chk.validate_errors, 0);
}

/* Some message is "<path>: ...<reason>...". */
static void expect_message(const char *path, const char *reason)
{
	size_t len = strlen(path);

	for (unsigned i = 0; i < chk.nr_msgs && i < MAX_MSGS; i++) {
		const char *m = chk.msgs[i];

		if (!strncmp(m, path, len) && m[len] == ':' && m[len + 1] == ' ' &&
		    strstr(m + len, reason))
			return;
	}
	fail_msg("no message \"%s: ...%s...\" among:%s", path, reason,
		 all_messages());
}

static int teardown_group(void **state)
{
	(void)state;
	release();
	return 0;
}

/* ------------------------------------------------------ bad configurations */

struct bad_case {
	const char *fixture;
	enum stage stage;
	unsigned errors;
	const char *path, *reason;
};

static const struct bad_case bad_cases[] = {
	/* structure, types and values: config_parse */
	{"bad-compat-missing", PARSE, 1, "/", "missing property \"compatible\""},
	{"bad-compat-wrong", PARSE, 1, "/", "compatible is not \"tessera,config\""},
	{"bad-cpus-missing", PARSE, 1, "/partitions/linux", "missing property \"cpus\""},
	{"bad-cpus-empty", PARSE, 1, "/partitions/linux", "\"cpus\" must list at least one CPU"},
	{"bad-cpus-string", PARSE, 1, "/partitions/linux", "property \"cpus\" must be a list of 32-bit cells"},
	{"bad-cpus-twice", PARSE, 1, "/partitions/linux", "CPU 0 is listed twice in \"cpus\""},
	{"bad-cpus-max", PARSE, 1, "/partitions/rtos", "CPU 8 does not exist: the hypervisor manages at most 8 CPUs (MAX_CPUS)"},
	{"bad-preset-missing", PARSE, 1, "/partitions/rtos", "missing property \"guest-platform\""},
	{"bad-preset-unknown", PARSE, 1, "/partitions/rtos", "unknown guest-platform \"foo\" (expected \"vexpress\" or \"virt\")"},
	{"bad-preset-type", PARSE, 1, "/partitions/rtos", "property \"guest-platform\" must be a string"},
	{"bad-mem-size-cells", PARSE, 1, "/partitions/linux/memory@0", "property \"size\" must be one 32-bit cell"},
	{"bad-mem-no-size", PARSE, 1, "/partitions/linux/memory@0", "missing property \"size\""},
	{"bad-mem-guest-unaligned", PARSE, 1, "/partitions/linux/memory@0", "\"guest-addr\" 0x80000800 is not 4 KB aligned"},
	{"bad-mem-size-unaligned", PARSE, 1, "/partitions/linux/memory@0", "\"size\" 0x4000800 is not 4 KB aligned"},
	{"bad-mem-host-unaligned", PARSE, 1, "/partitions/linux/memory@1", "\"host-addr\" 0xb0000100 is not 4 KB aligned"},
	{"bad-mem-size-zero", PARSE, 1, "/partitions/linux/memory@1", "\"size\" is 0"},
	{"bad-mem-wrap", PARSE, 1, "/partitions/linux/memory@1", "guest range 0xfff00000 + 0x200000 wraps past 4 GB"},
	{"bad-mem-host-wrap", PARSE, 1, "/partitions/linux/memory@1", "host range 0xfff80000 + 0x100000 wraps past 4 GB"},
	{"bad-mem-none", PARSE, 1, "/partitions/rtos", "no memory: needs at least one memory@N node"},
	{"bad-mem-too-many", PARSE, 1, "/partitions/rtos", "9 memory regions: at most 8 (MAX_PART_MEM)"},
	{"bad-mem-unknown-prop", PARSE, 1, "/partitions/linux/memory@1", "unknown property \"hostaddr\""},
	{"bad-kernel-missing", PARSE, 1, "/partitions/rtos", "missing node \"kernel\""},
	{"bad-kernel-neither", PARSE, 1, "/partitions/rtos/kernel", "needs either \"data\" or both \"host-addr\" and \"size\""},
	{"bad-kernel-no-size", PARSE, 1, "/partitions/rtos/kernel", "needs either \"data\" or both \"host-addr\" and \"size\""},
	{"bad-kernel-both", PARSE, 1, "/partitions/linux/kernel", "\"data\" cannot be combined with \"host-addr\" or \"size\""},
	{"bad-kernel-no-load", PARSE, 1, "/partitions/rtos/kernel", "missing property \"load-addr\""},
	{"bad-kernel-empty", PARSE, 1, "/partitions/linux/kernel", "\"data\" is empty"},
	{"bad-initrd-size-zero", PARSE, 1, "/partitions/linux/initrd", "\"size\" is 0"},
	{"bad-console-unknown", PARSE, 1, "/partitions/linux", "unknown console \"serial\" (expected \"virtual\", \"passthrough\" or \"none\")"},
	{"bad-console-passthrough", PARSE, 1, "/partitions/linux", "console \"passthrough\" needs a passthrough UART"},
	{"bad-irqs-ppi", PARSE, 1, "/partitions/linux", "IRQ 27 in \"irqs\" is not an SPI"},
	{"bad-irqs-range", PARSE, 1, "/partitions/linux", "IRQ 1020 in \"irqs\" is not an SPI"},
	{"bad-irqs-twice", PARSE, 1, "/partitions/linux", "IRQ 40 is listed twice in \"irqs\""},
	{"bad-irqs-too-many", PARSE, 1, "/partitions/linux", "\"irqs\" lists 33 IRQs: at most 32 (MAX_PART_IRQS)"},
	{"bad-entry-cells", PARSE, 1, "/partitions/rtos", "property \"entry\" must be one 32-bit cell"},
	{"bad-testdev-unaligned", PARSE, 1, "/partitions/linux", "\"test-device\" 0x1c0f0010 is not 4 KB aligned"},
	{"bad-network-empty", PARSE, 1, "/partitions/linux", "\"network\" must name a link in 1 to 31 characters"},
	{"bad-name-hyp", PARSE, 1, "/partitions/hyp", "partition name \"hyp\" is the hypervisor's console prefix"},
	{"bad-name-long", PARSE, 1, "/partitions/this-partition-name-has-32-chars", "partition name is longer than 31 characters"},
	{"bad-partitions-too-many", PARSE, 1, "/partitions", "9 partitions: at most 8 (MAX_PARTITIONS)"},
	{"bad-devices-too-many", PARSE, 1, "/partitions/rtos", "9 devices: at most 8 (MAX_PART_DEVICES)"},
	{"bad-device-relative", PARSE, 1, "/partitions/rtos/device@0", "\"host-path\" \"serial1\" must be an absolute node path"},
	{"bad-device-no-path", PARSE, 1, "/partitions/rtos/device@0", "missing property \"host-path\""},
	{"bad-unknown-prop", PARSE, 1, "/partitions/linux", "unknown property \"bootarg\""},
	{"bad-chan-partition", PARSE, 1, "/channels/telemetry/endpoint@1", "partition \"nope\" does not exist (no /partitions/nope)"},
	{"bad-chan-size", PARSE, 1, "/channels/telemetry", "\"size\" 0x1800 is not 4 KB aligned"},
	{"bad-chan-one-endpoint", PARSE, 1, "/channels/telemetry", "1 endpoint(s): a channel joins at least two partitions"},
	{"bad-chan-all-ro", PARSE, 1, "/channels/telemetry", "every endpoint is read-only (\"ro\"): no partition could write to the channel"},
	{"bad-chan-same-partition", PARSE, 1, "/channels/telemetry/endpoint@1", "partition \"rtos\" is already endpoint /channels/telemetry/endpoint@0"},
	{"bad-chan-access", PARSE, 1, "/channels/telemetry/endpoint@1", "unknown access \"wo\" (expected \"rw\" or \"ro\")"},
	{"bad-chan-irq-ppi", PARSE, 1, "/channels/telemetry/endpoint@0", "interrupt 27 is not an SPI: a doorbell is one of INTIDs 32-1019"},
	{"bad-chan-wrap", PARSE, 1, "/channels/telemetry/endpoint@1", "guest range 0xffff0000 + 0x11000 wraps past 4 GB"},
	{"bad-chan-unknown-prop", PARSE, 1, "/channels/telemetry/endpoint@1", "unknown property \"acces\""},
	{"bad-unknown-node", PARSE, 1, "/partitions/linux/kernal", "unknown node (expected memory@N, kernel, initrd or device@N)"},

	/* the guest's map, images, reserved ranges, IRQs: no host needed */
	{"bad-mem-overlap", NO_HOST, 1, "/partitions/linux", "guest memory 0x83f00000-0x83ffffff overlaps guest memory 0x80000000-0x83ffffff"},
	{"bad-mem-window", NO_HOST, 1, "/partitions/rtos", "guest memory 0x9000000-0x9000fff overlaps the guest's console UART window 0x9000000-0x9000fff of guest-platform \"virt\""},
	{"bad-mem-testdev", NO_HOST, 1, "/partitions/linux", "guest memory 0x80000000-0x83ffffff overlaps the test-device at 0x80100000"},
	{"bad-testdev-window", NO_HOST, 1, "/partitions/linux", "test-device 0x2c001000 overlaps the guest's GIC distributor window"},
	{"bad-network-alone", NO_HOST, 1, "/partitions/linux", "network \"lan0\" has no other partition on it"},
	{"bad-network-irq", NO_HOST, 1, "/partitions/linux", "IRQ 72 (from \"irqs\") is the interrupt of the partition's virtio-net device on guest-platform \"vexpress\""},
	{"bad-network-window", NO_HOST, 1, "/partitions/rtos", "guest memory 0xa003000-0xa003fff overlaps the guest's virtio-net window 0xa003000-0xa003fff of guest-platform \"virt\""},
	{"bad-kernel-too-big", NO_HOST, 1, "/partitions/linux/kernel", "kernel (0x600000 bytes at 0x80008000) does not fit in any memory region"},
	{"bad-initrd-outside", NO_HOST, 1, "/partitions/linux/initrd", "initrd (0x80000 bytes at 0x900c0000) does not fit in any memory region"},
	{"bad-initrd-kernel-overlap", NO_HOST, 1, "/partitions/linux/initrd", "initrd (0x80008000-0x80087fff) overlaps the kernel (0x80008000-0x80008012)"},
	{"bad-entry-outside", NO_HOST, 1, "/partitions/rtos", "entry 0x50000000 is not inside any memory region"},
	{"bad-fixed-overlap", NO_HOST, 1, "/partitions/rtos", "fixed memory at host 0xb0080000-0xb017ffff overlaps the fixed memory at host 0xb0000000-0xb00fffff of /partitions/linux"},
	{"bad-fixed-hyp", NO_HOST, 1, "/partitions/linux", "fixed memory at host 0x80000000-0x800fffff overlaps the hypervisor image (0x80010000-0x8005bfff)"},
	{"bad-fixed-dtb", NO_HOST, 1, "/partitions/linux", "overlaps the host device tree (0x81000000-0x8100ffff)"},
	{"bad-hostimage-reserved", NO_HOST, 1, "/partitions/rtos/kernel", "image at host 0x80040000-0x8004ffff overlaps the hypervisor image"},
	{"bad-irq-shared", NO_HOST, 1, "/partitions/rtos", "IRQ 41 (from \"irqs\") is also given to /partitions/linux (from \"irqs\")"},
	{"bad-irq-virtual-console", NO_HOST, 1, "/partitions/linux", "IRQ 37 (from \"irqs\") is the interrupt of the partition's virtual console UART on guest-platform \"vexpress\""},
	{"bad-cpu-shared", NO_HOST, 1, "/partitions/rtos", "CPU 1 is also given to /partitions/linux"},
	{"bad-hostimage-shared", NO_HOST, 1, "/partitions/rtos/kernel", "image at host 0xa0000000-0xa000ffff overlaps the initrd image at host 0xa0000000-0xa007ffff of /partitions/linux"},
	{"bad-hostimage-page", NO_HOST, 1, "/partitions/rtos/kernel", "image at host 0xa1000000-0xa10107ff shares a 4 KB page with the initrd image at host 0xa1010800-0xa10907ff of /partitions/linux"},
	{"bad-fixed-hostimage", NO_HOST, 1, "/partitions/linux", "fixed memory at host 0xa0000000-0xa00fffff overlaps the initrd image at host 0xa0000000-0xa007ffff of /partitions/linux"},
	{"bad-dt-kernel", NO_HOST, 1, "/partitions/rtos/kernel", "kernel (0x40000000-0x4000ffff) overlaps the top 64 KB of the kernel's memory region (0x40008000-0x40017fff), where the guest device tree goes"},
	{"bad-dt-initrd", NO_HOST, 1, "/partitions/linux/initrd", "initrd (0x83f80000-0x83ffffff) overlaps the top 64 KB of the kernel's memory region (0x83ff0000-0x83ffffff), where the guest device tree goes"},
	{"bad-chan-mem-overlap", NO_HOST, 1, "/channels/telemetry/endpoint@0", "channel memory and doorbell 0x40ff0000-0x41000fff overlap guest memory 0x40000000-0x40ffffff of /partitions/rtos"},
	{"bad-chan-doorbell-overlap", NO_HOST, 1, "/channels/telemetry/endpoint@1", "channel memory and doorbell 0x8fff0000-0x90000fff overlap guest memory 0x90000000-0x900fffff of /partitions/linux"},
	{"bad-chan-window", NO_HOST, 1, "/channels/commands/endpoint@0", "channel memory and doorbell 0x2c000000-0x2c001fff overlap the guest's GIC distributor window 0x2c001000-0x2c001fff of guest-platform \"vexpress\""},
	{"bad-chan-testdev", NO_HOST, 1, "/channels/commands/endpoint@0", "channel memory and doorbell 0x1c0f0000-0x1c0f1fff overlap the test-device at 0x1c0f0000"},
	{"bad-chan-irq-shared", NO_HOST, 1, "/channels/telemetry/endpoint@1", "doorbell interrupt 40 is also passed through to /partitions/linux (from \"irqs\")"},
	{"bad-chan-irq-console", NO_HOST, 1, "/channels/telemetry/endpoint@1", "doorbell interrupt 37 is the interrupt of /partitions/linux's virtual console UART on guest-platform \"vexpress\""},
	{"bad-chan-overlap-other", NO_HOST, 1, "/channels/commands/endpoint@0", "channel memory and doorbell 0xa0008000-0xa0009fff overlap those of /channels/telemetry/endpoint@1 (0xa0000000-0xa0010fff)"},
	{"bad-chan-irq-twice", NO_HOST, 1, "/channels/commands/endpoint@1", "doorbell interrupt 64 is also the doorbell of /channels/telemetry/endpoint@0"},
	{"bad-dt-small", NO_HOST, 1, "/partitions/rtos", "memory region 0x40000000-0x40007fff holds the kernel but is smaller than the 64 KB guest device tree that goes at its top"},

	/* against the host: CPUs, RAM, host devices */
	{"bad-cpu-absent", HOST_4CPU, 1, "/partitions/rtos", "CPU 5 does not exist: the host has 4"},
	{"bad-cpu-shared", HOST_4CPU, 1, "/partitions/rtos", "CPU 1 is also given to /partitions/linux"},
	{"bad-cpu-mixed-cores", HOST_TC2, 2, "/partitions/rtos", "CPUs 2 (cortex-a7, MPIDR 0x100) and 1 (cortex-a15, MPIDR 0x1) are different cores: a partition must not mix them (MIDR/VPIDR, cache geometry and L2CTLR differ)"},
	{"bad-fixed-gicd", HOST_4CPU, 1, "/partitions/linux", "fixed memory at host 0x2c001000-0x2c001fff overlaps the hypervisor's GIC distributor (GICD) (0x2c001000-0x2c001fff)"},
	{"bad-fixed-uart", HOST_4CPU, 1, "/partitions/linux", "overlaps the hypervisor's console UART (0x1c090000-0x1c090fff)"},
	{"bad-fixed-outside-ram", HOST_4CPU, 1, "/partitions/linux", "fixed memory at host 0x40000000-0x400fffff is not inside host RAM"},
	{"bad-fixed-ram-end", HOST_4CPU, 1, "/partitions/linux", "fixed memory at host 0xbff80000-0xc007ffff is not inside host RAM"},
	{"bad-hostimage-outside-ram", HOST_4CPU, 1, "/partitions/rtos/kernel", "image at host 0x10000000-0x1000ffff is not inside host RAM"},
	{"bad-chan-capacity", HOST_4CPU, 1, "/partitions", "the partitions need 1046612 KiB of memory allocated from host RAM, but only 1046608 KiB of its 1024 MiB is free"},
	{"bad-capacity", HOST_4CPU, 1, "/partitions", "the partitions need 1046612 KiB of memory allocated from host RAM, but only 1046608 KiB of its 1024 MiB is free"},

	/* passthrough devices, against host-devices.dts */
	{"bad-device-missing", HOST_DEVICES, 1, "/partitions/rtos", "device \"/smb@8000000/nothing@0\" does not exist in the host device tree"},
	{"bad-device-hyp-uart", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/serial@90000\" is the hypervisor's console UART (0x1c090000-0x1c090fff) and cannot be passed through"},
	{"bad-device-gic", HOST_DEVICES, 1, "/partitions/rtos", "device \"/interrupt-controller@2c001000\" is the hypervisor's GIC distributor (GICD) (0x2c001000-0x2c001fff) and cannot be passed through"},
	{"bad-device-sysreg", HOST_DEVICES, 1, "/partitions/rtos", "is the hypervisor's system registers (0x1c010000-0x1c010fff) and cannot be passed through"},
	{"bad-device-shared", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/serial@a0000\" is also given to /partitions/linux"},
	{"bad-device-twice", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/serial@a0000\" is listed twice"},
	{"bad-device-noreg", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/noreg\" has no \"reg\": nothing to pass through"},
	{"bad-device-ppi", HOST_DEVICES, 1, "/partitions/rtos", "interrupt 0 (type 1, number 12) is not an SPI"},
	{"bad-device-page", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/half@e0800\" shares the page 0x1c0e0000-0x1c0e0fff with device \"" IOFPGA "/half@e0000\" of /partitions/linux"},
	{"bad-device-console-irq", HOST_DEVICES, 1, "/partitions/rtos", "IRQ 37 (of device \"" IOFPGA "/console-irq@f0000\") is the hypervisor's console interrupt and cannot be passed through"},
	{"bad-device-irq-shared", HOST_DEVICES, 1, "/partitions/rtos", "IRQ 38 (from \"irqs\") is also given to /partitions/linux (of device \"" IOFPGA "/serial@a0000\")"},
	{"bad-device-in-memory", HOST_DEVICES, 1, "/partitions/linux", "guest memory 0x1c0a0000-0x1c0a0fff overlaps device \"" IOFPGA "/serial@a0000\" (0x1c0a0000-0x1c0a0fff), which the guest sees at its host address"},
	{"bad-device-window", HOST_DEVICES, 1, "/partitions/rtos", "device \"/smb@8000000/flash@0,0\" (0x8000000-0x8000fff) overlaps the guest's GIC distributor window 0x8000000-0x800ffff of guest-platform \"virt\""},
	{"bad-fixed-device", HOST_DEVICES, 1, "/partitions/linux", "fixed memory at host 0x1c0a0000-0x1c0a0fff overlaps device \"" IOFPGA "/serial@a0000\" (0x1c0a0000-0x1c0a0fff) of /partitions/linux"},
	{"bad-device-ram", HOST_DEVICES, 1, "/partitions/rtos", "device \"/in-ram@88000000\" (0x88000000-0x88000fff) overlaps host RAM 0x80000000-0xbfffffff: only device registers can be passed through"},
	{"bad-device-reg-zero", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/zero@c0000\": \"reg\" entry 0 has size 0"},
	{"bad-device-same-page", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/half@e0800\" shares the page 0x1c0e0000-0x1c0e0fff with device \"" IOFPGA "/half@e0000\" of /partitions/rtos"},
	{"bad-device-regs-page", HOST_DEVICES, 1, "/partitions/rtos", "device \"" IOFPGA "/tworegs@c1000\": \"reg\" entries 0 and 1 share the page 0x1c0c1000-0x1c0c1fff"},

	/* the host's reserved memory, against host-reserved.dts */
	{"bad-device-host-reserved", HOST_RESERVED, 1, "/partitions/rtos", "device \"/sram-dev@2e000800\" (0x2e000000-0x2e000fff) overlaps the host's reserved memory /reserved-memory/sram@2e000000 (0x2e000000-0x2e0007ff)"},
	{"bad-fixed-host-reserved", HOST_RESERVED, 1, "/partitions/linux", "fixed memory at host 0xbf000000-0xbf0fffff overlaps the host's reserved memory /reserved-memory/firmware@bf000000 (0xbf000000-0xbf0fffff)"},
};
#define NR_BAD (sizeof(bad_cases) / sizeof(bad_cases[0]))

static void test_bad(void **state)
{
	const struct bad_case *c = *state;

	run(c->fixture, c->stage);
	if (c->stage == PARSE)
		assert_int_equal(chk.parse_errors, chk.r.errors);
	else
		assert_int_equal(chk.validate_errors, chk.r.errors);
	if (chk.r.errors != c->errors)
		fail_msg("%s: %u error(s), expected %u:%s", c->fixture,
			 chk.r.errors, c->errors, all_messages());
	assert_int_equal(chk.nr_msgs, chk.r.errors);
	expect_message(c->path, c->reason);
}

/* A fixture that breaks the same thing validates clean without it. */
static void test_bad_cases_need_their_host(void **state)
{
	(void)state;
	/* a CPU the 4-CPU host lacks is no error without a host */
	run("bad-cpu-absent", NO_HOST);
	assert_int_equal(chk.r.errors, 0);
	/* nor is a device that is not checked without the host tree */
	run("bad-device-missing", NO_HOST);
	assert_int_equal(chk.r.errors, 0);
	/* nor fixed memory outside RAM */
	run("bad-fixed-outside-ram", NO_HOST);
	assert_int_equal(chk.r.errors, 0);
}

/* Every mistake is reported, not just the first. */
static void test_bad_many(void **state)
{
	(void)state;
	run("bad-many", PARSE);
	assert_int_equal(chk.parse_errors, 4);
	assert_int_equal(chk.r.errors, 4);
	expect_message("/partitions/linux", "CPU 0 is listed twice in \"cpus\"");
	expect_message("/partitions/linux", "unknown guest-platform \"foo\"");
	expect_message("/partitions/rtos", "unknown console \"serial\"");
	expect_message("/partitions/rtos/kernel", "missing property \"load-addr\"");
}

static void test_not_a_tree(void **state)
{
	static const char junk[64] = "not a device tree";
	struct cfg_report r = {.error = collect};

	(void)state;
	chk.nr_msgs = 0;
	assert_int_equal(config_parse(junk, &chk.cfg, &r), 1);
	assert_int_equal(r.errors, 1);
	assert_int_equal(chk.cfg.nr_partitions, 0);
	assert_contains(chk.msgs[0], "/: not a valid device tree blob");
}

/* Without a callback errors are still counted; counts accumulate in r. */
static void test_count_without_callback(void **state)
{
	struct cfg_report r = {.errors = 3};

	(void)state;
	release();
	chk.fdt = unit_load_dtb("host/config/bad-many.dtb");
	assert_int_equal(config_parse(chk.fdt, &chk.cfg, &r), 4);
	assert_int_equal(r.errors, 7);

	release();
	chk.fdt = unit_load_dtb("host/config/bad-fixed-hyp.dtb");
	assert_int_equal(config_parse(chk.fdt, &chk.cfg, &r), 0);
	assert_int_equal(config_validate(&chk.cfg, NULL, NULL, reserved,
					 NR_RESERVED, &r),
			 1);
	assert_int_equal(r.errors, 8);
}

/* ------------------------------------------------------ good configurations */

static void *read_repo_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	static char buf[4096];

	if (!f)
		fail_msg("cannot open %s (tests run from the repository root)",
			 path);
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

static void check_mem(const struct cfg_mem *m, uint64_t guest, uint64_t size,
		      bool fixed, uint64_t host)
{
	assert_int_equal(m->guest, guest);
	assert_int_equal(m->size, size);
	assert_int_equal(m->fixed, fixed);
	assert_int_equal(m->host, host);
}

static void check_linux(const struct cfg_partition *p)
{
	const char *fdt = chk.fdt;
	size_t len;
	const void *image = read_repo_file(IMAGE_FILE, &len);

	assert_string_equal(p->name, "linux");
	assert_string_equal(p->path, "/partitions/linux");
	assert_int_equal(p->nr_cpus, 2);
	assert_int_equal(p->cpus[0], 0);
	assert_int_equal(p->cpus[1], 1);
	assert_int_equal(p->preset, GUEST_VEXPRESS);
	assert_int_equal(p->nr_mem, 2);
	check_mem(&p->mem[0], 0x80000000, 0x4000000, false, 0);
	check_mem(&p->mem[1], 0x90000000, 0x100000, true, 0xb0000000);

	/* the embedded kernel: a pointer into the tree, not a copy */
	assert_true(p->kernel.present);
	assert_non_null(p->kernel.data);
	assert_true((const char *)p->kernel.data > fdt);
	assert_true((const char *)p->kernel.data + p->kernel.size <=
		    fdt + fdt_totalsize(fdt));
	assert_int_equal(p->kernel.size, len);
	assert_memory_equal(p->kernel.data, image, len);
	assert_int_equal(p->kernel.load, 0x80008000);
	assert_int_equal(p->kernel.host, 0);

	assert_true(p->initrd.present);
	assert_null(p->initrd.data);
	assert_int_equal(p->initrd.host, 0xa0000000);
	assert_int_equal(p->initrd.size, 0x80000);
	assert_int_equal(p->initrd.load, 0x82000000);

	assert_int_equal(p->entry, 0x80008000); /* default: kernel load-addr */
	assert_string_equal(p->bootargs, "console=ttyAMA0 earlycon");
	assert_int_equal(p->console, CONSOLE_VIRTUAL); /* default */
	assert_int_equal(p->nr_devices, 0);
	assert_int_equal(p->nr_irqs, 2);
	assert_int_equal(p->irqs[0], 40);
	assert_int_equal(p->irqs[1], 41);
	assert_true(p->has_test_device);
	assert_int_equal(p->test_device, 0x1c0f0000);
}

static void check_rtos(const struct cfg_partition *p)
{
	assert_string_equal(p->name, "rtos");
	assert_string_equal(p->path, "/partitions/rtos");
	assert_int_equal(p->nr_cpus, 1);
	assert_int_equal(p->cpus[0], 3);
	assert_int_equal(p->preset, GUEST_VIRT);
	assert_int_equal(p->nr_mem, 1);
	check_mem(&p->mem[0], 0x40000000, 0x1000000, false, 0);
	assert_true(p->kernel.present);
	assert_null(p->kernel.data);
	assert_int_equal(p->kernel.host, 0xa1000000);
	assert_int_equal(p->kernel.size, 0x10000);
	assert_int_equal(p->kernel.load, 0x40000000);
	assert_false(p->initrd.present);
	assert_int_equal(p->initrd.size, 0);
	assert_int_equal(p->entry, 0x40000100);
	assert_null(p->bootargs);
	assert_int_equal(p->console, CONSOLE_NONE);
	assert_int_equal(p->nr_devices, 0);
	assert_int_equal(p->nr_irqs, 1);
	assert_int_equal(p->irqs[0], 42);
	assert_false(p->has_test_device);
}

static void test_good_base(void **state)
{
	(void)state;
	expect_clean("good-base", HOST_4CPU);
	assert_int_equal(chk.cfg.nr_partitions, 2);
	check_linux(&chk.cfg.part[0]);
	check_rtos(&chk.cfg.part[1]);
}

static void test_good_base_no_host(void **state)
{
	(void)state;
	expect_clean("good-base", NO_HOST);
	assert_int_equal(chk.cfg.nr_partitions, 2);
	/* no reserved ranges at all is fine too */
	assert_int_equal(config_validate(&chk.cfg, NULL, NULL, NULL, 0, &chk.r),
			 0);
}

static void check_endpoint(const struct cfg_endpoint *ep, const char *path,
			   unsigned part, uint64_t guest, bool ro,
			   uint32_t intid)
{
	assert_string_equal(ep->path, path);
	assert_int_equal(ep->part, part);
	assert_int_equal(ep->guest, guest);
	assert_int_equal(ep->read_only, ro);
	assert_int_equal(ep->intid, intid);
}

/* Channels parse to their endpoints, and each partition knows its own. */
static void test_good_channels(void **state)
{
	const struct cfg_channel *t = &chk.cfg.channels[0],
				 *c = &chk.cfg.channels[1];
	const struct cfg_partition *lx = &chk.cfg.part[0],
				   *rtos = &chk.cfg.part[1];

	(void)state;
	expect_clean("good-channels", HOST_4CPU);
	check_linux(lx);
	assert_int_equal(chk.cfg.nr_channels, 2);
	assert_string_equal(t->name, "telemetry");
	assert_string_equal(t->path, "/channels/telemetry");
	assert_int_equal(t->index, 0);
	assert_int_equal(t->size, 0x10000);
	assert_int_equal(t->nr_endpoints, 2);
	check_endpoint(&t->ep[0], "/channels/telemetry/endpoint@0", 1,
		       0x48000000, false, 64);
	check_endpoint(&t->ep[1], "/channels/telemetry/endpoint@1", 0,
		       0xa0000000, true, 64);
	assert_string_equal(c->name, "commands");
	assert_int_equal(c->index, 1);
	assert_int_equal(c->size, 0x1000);
	check_endpoint(&c->ep[0], "/channels/commands/endpoint@0", 0,
		       0xa0100000, false, 65);
	check_endpoint(&c->ep[1], "/channels/commands/endpoint@1", 1,
		       0x48100000, false, 65);
	assert_int_equal(lx->nr_channels, 2);
	assert_ptr_equal(lx->channels[0].ch, t);
	assert_int_equal(lx->channels[0].ep, 1);
	assert_ptr_equal(lx->channels[1].ch, c);
	assert_int_equal(lx->channels[1].ep, 0);
	assert_int_equal(rtos->nr_channels, 2);
	assert_int_equal(rtos->channels[0].ep, 0);
	assert_int_equal(rtos->channels[1].ep, 1);
}

static void test_good_empty(void **state)
{
	(void)state;
	expect_clean("good-empty", HOST_4CPU);
	assert_int_equal(chk.cfg.nr_partitions, 0);
}

/* Free RAM is host RAM minus every occupied range. */
static void test_good_capacity_exact(void **state)
{
	(void)state;
	expect_clean("good-capacity-exact", HOST_4CPU);
	assert_int_equal(chk.cfg.part[1].mem[0].size, 0x3be14000);
}

static void check_device(const struct cfg_device *d, const char *path,
			 uint64_t base, unsigned nr_irqs, const uint32_t *irqs)
{
	assert_string_equal(d->host_path, path);
	assert_int_equal(d->nr_regs, 1);
	assert_int_equal(d->regs[0].base, base);
	assert_int_equal(d->regs[0].size, 0x1000);
	assert_int_equal(d->nr_irqs, nr_irqs);
	for (unsigned i = 0; i < nr_irqs; i++)
		assert_int_equal(d->irqs[i], irqs[i]);
}

static void check_good_devices(void)
{
	static const uint32_t a0000[] = {38}, b0000[] = {39, 43};
	const struct config *c = &chk.cfg;

	assert_int_equal(c->part[0].console, CONSOLE_PASSTHROUGH);
	assert_int_equal(c->part[0].nr_devices, 1);
	check_device(&c->part[0].devices[0], IOFPGA "/serial@a0000",
		     0x1c0a0000, 1, a0000);
	assert_int_equal(c->part[1].nr_devices, 1);
	check_device(&c->part[1].devices[0], IOFPGA "/serial@b0000",
		     0x1c0b0000, 2, b0000);
}

static void test_good_devices(void **state)
{
	(void)state;
	expect_clean("good-devices", HOST_DEVICES);
	check_good_devices();
	/* validating again gives the same result, not doubled lists */
	assert_int_equal(config_validate(&chk.cfg, &chk.host, chk.host_fdt,
					 reserved, NR_RESERVED, &chk.r),
			 0);
	check_good_devices();
}

/* Without the host tree, devices are left unresolved and unchecked. */
static void test_good_devices_no_host_tree(void **state)
{
	(void)state;
	run("good-devices", PARSE);
	assert_int_equal(chk.parse_errors, 0);
	load_host(HOST_DEVICES);
	assert_int_equal(config_validate(&chk.cfg, &chk.host, NULL, reserved,
					 NR_RESERVED, &chk.r),
			 0);
	assert_string_equal(chk.cfg.part[0].devices[0].host_path,
			    IOFPGA "/serial@a0000");
	assert_int_equal(chk.cfg.part[0].devices[0].nr_regs, 0);
	assert_int_equal(chk.cfg.part[0].devices[0].nr_irqs, 0);
}

/* A device that can do DMA is valid, with a warning naming why. */
static void test_good_dma(void **state)
{
	(void)state;
	expect_clean("good-dma", HOST_DEVICES);
	assert_int_equal(chk.r.warnings, 2);
	assert_int_equal(chk.nr_warnings, 2);
	assert_string_equal(chk.warnings[0],
			    "/partitions/rtos: device \"" IOFPGA "/dma@c2000\" "
			    "may do DMA (compatible \"arm,pl330\"): DMA "
			    "bypasses stage 2, so the partition can read and "
			    "write all host memory through it");
	assert_contains(chk.warnings[1], "/dmas@c3000\" may do DMA (it has "
					 "\"dmas\")");
	/* no warning for devices that do not */
	expect_clean("good-devices", HOST_DEVICES);
	assert_int_equal(chk.r.warnings, 0);
}

/*
 * The host's reserved memory: valid configurations keep clear of it, and
 * count it as taken; an image left in it is fine (a boot loader reserves
 * what it loaded).
 */
static void test_good_host_reserved(void **state)
{
	(void)state;
	expect_clean("good-base", HOST_RESERVED);
	assert_int_equal(chk.host.nr_reserved, 2);
	expect_clean("good-hostimage-reserved", HOST_RESERVED);
	/* exactly full without it, 1 MiB short with it */
	run("good-capacity-exact", HOST_RESERVED);
	assert_int_equal(chk.r.errors, 1);
	expect_message("/partitions", "only 1045584 KiB of its 1024 MiB is free");
}

/* The documented example (configs/vexpress-a15/example.dts) stays valid. */
static void test_example(void **state)
{
	(void)state;
	expect_clean("host/config/example-vexpress-a15.dtb", HOST_4CPU);
	assert_int_equal(chk.cfg.nr_partitions, 2);
}

/* ------------------------------------------------------ hvconfig */

/* Runs build/host/hvconfig; returns its exit status, stdout+stderr in out. */
static int hvconfig(char *out, size_t len, const char *const *args)
{
	char prog[256];
	const char *argv[16] = {prog};
	int fds[2], status;
	size_t n = 0;
	ssize_t got;
	pid_t pid;

	snprintf(prog, sizeof(prog), "%s/host/hvconfig", unit_build_dir());
	for (unsigned i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		execv(prog, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	while (n + 1 < len && (got = read(fds[0], out + n, len - n - 1)) > 0)
		n += (size_t)got;
	out[n] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		fail_msg("%s did not run (run `make host`): %s", prog, out);
	return WEXITSTATUS(status);
}

static const char *build_path(const char *rel)
{
	static char bufs[4][256];
	static unsigned next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", unit_build_dir(), rel);
	return b;
}

static void test_hvconfig_good(void **state)
{
	static char out[8192];
	const char *dtb = build_path("host/config/good-base.dtb");
	const char *args[] = {"check", dtb, "--host", build_path(HOST_4CPU_DTB),
			      "--reserve", "0x80010000,0x4c000", NULL};
	char want[300];

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), args), 0);
	snprintf(want, sizeof(want), "%s: OK (2 partitions)\n", dtb);
	assert_contains(out, want);
	assert_contains(out, "  linux: vexpress, CPUs 0,1, memory 66560 KiB "
			     "in 2 regions (1 fixed), kernel 19 bytes "
			     "(embedded) at 0x80008000");
	assert_contains(out, "  rtos: virt, CPU 3,");
	assert_contains(out, "console none");
}

static void test_hvconfig_example(void **state)
{
	static char out[8192];
	const char *args[] = {"check",
			      build_path("host/config/example-vexpress-a15.dtb"),
			      "--host", build_path(HOST_4CPU_DTB), NULL};

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), args), 0);
	assert_contains(out, "OK (2 partitions)");
}

/* Warnings go to stderr and leave the exit status 0. */
static void test_hvconfig_warning(void **state)
{
	static char out[8192];
	const char *dtb = build_path("host/config/good-dma.dtb");
	const char *args[] = {"check", dtb, "--host",
			      build_path(HOST_DEVICES_DTB), NULL};
	char want[400];

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), args), 0);
	snprintf(want, sizeof(want),
		 "hvconfig: %s: warning: /partitions/rtos: device \"" IOFPGA
		 "/dma@c2000\" may do DMA",
		 dtb);
	assert_contains(out, want);
	assert_contains(out, "OK (2 partitions)");
}

static void test_hvconfig_invalid(void **state)
{
	static char out[8192];
	const char *dtb = build_path("host/config/bad-cpu-shared.dtb");
	const char *args[] = {"check", dtb, "--host", build_path(HOST_4CPU_DTB),
			      NULL};
	char want[300];

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), args), 1);
	snprintf(want, sizeof(want), "hvconfig: %s: /partitions/rtos: CPU 1 "
				     "is also given to /partitions/linux\n", dtb);
	assert_contains(out, want);
	snprintf(want, sizeof(want), "%s: 1 error(s)\n", dtb);
	assert_contains(out, want);
	assert_null(strstr(out, "OK"));
}

static void test_hvconfig_parse_errors(void **state)
{
	static char out[8192];
	const char *args[] = {"check", build_path("host/config/bad-many.dtb"),
			      NULL};

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), args), 1);
	assert_contains(out, "bad-many.dtb: 4 error(s)");
	assert_contains(out, "/partitions/rtos: unknown console \"serial\"");
}

/* --reserve is what makes overlapping the hypervisor an error. */
static void test_hvconfig_reserve(void **state)
{
	static char out[8192];
	const char *dtb = build_path("host/config/bad-fixed-hyp.dtb");
	const char *with[] = {"check", dtb, "--reserve", "0x80010000,0x4c000",
			      NULL};
	const char *without[] = {"check", dtb, NULL};

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), with), 1);
	assert_contains(out, "overlaps --reserve 0x80010000,0x4c000 "
			     "(0x80010000-0x8005bfff)");
	assert_int_equal(hvconfig(out, sizeof(out), without), 0);
	assert_contains(out, "OK (2 partitions)");
	assert_contains(out, "without --host");
}

static void test_hvconfig_unusable(void **state)
{
	static char out[8192];
	const char *not_dtb[] = {"check", IMAGE_FILE, NULL};
	const char *missing[] = {"check", "no/such/file.dtb", NULL};
	const char *bad_host[] = {"check",
				  build_path("host/config/good-base.dtb"),
				  "--host", IMAGE_FILE, NULL};

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), not_dtb), 2);
	assert_contains(out, "hvconfig: " IMAGE_FILE ": not a device tree blob");
	assert_int_equal(hvconfig(out, sizeof(out), missing), 2);
	assert_contains(out, "hvconfig: no/such/file.dtb: No such file");
	assert_int_equal(hvconfig(out, sizeof(out), bad_host), 2);
	assert_contains(out, "not a device tree blob");
}

static void test_hvconfig_usage(void **state)
{
	static char out[8192];
	const char *good = build_path("host/config/good-base.dtb");
	const char *none[] = {NULL};
	const char *no_file[] = {"check", NULL};
	const char *verb[] = {"lint", good, NULL};
	const char *option[] = {"check", good, "--hots", "x", NULL};
	const char *reserve[] = {"check", good, "--reserve", "0x1000", NULL};
	const char *dangling[] = {"check", good, "--host", NULL};
	const char *two[] = {"check", good, good, NULL};
	const char *help[] = {"--help", NULL};

	(void)state;
	assert_int_equal(hvconfig(out, sizeof(out), none), 2);
	assert_contains(out, "usage: hvconfig check FILE.dtb");
	assert_int_equal(hvconfig(out, sizeof(out), no_file), 2);
	assert_int_equal(hvconfig(out, sizeof(out), verb), 2);
	assert_contains(out, "unknown command \"lint\"");
	assert_int_equal(hvconfig(out, sizeof(out), option), 2);
	assert_contains(out, "unknown option \"--hots\"");
	assert_int_equal(hvconfig(out, sizeof(out), reserve), 2);
	assert_contains(out, "bad --reserve \"0x1000\"");
	assert_int_equal(hvconfig(out, sizeof(out), dangling), 2);
	assert_int_equal(hvconfig(out, sizeof(out), two), 2);
	assert_int_equal(hvconfig(out, sizeof(out), help), 0);
	assert_contains(out, "usage:");
}

/* ------------------------------------------------------ main */

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_good_base),
	cmocka_unit_test(test_good_base_no_host),
	cmocka_unit_test(test_good_empty),
	cmocka_unit_test(test_good_channels),
	cmocka_unit_test(test_good_capacity_exact),
	cmocka_unit_test(test_good_devices),
	cmocka_unit_test(test_good_devices_no_host_tree),
	cmocka_unit_test(test_good_dma),
	cmocka_unit_test(test_good_host_reserved),
	cmocka_unit_test(test_example),
	cmocka_unit_test(test_bad_many),
	cmocka_unit_test(test_bad_cases_need_their_host),
	cmocka_unit_test(test_not_a_tree),
	cmocka_unit_test(test_count_without_callback),
	cmocka_unit_test(test_hvconfig_good),
	cmocka_unit_test(test_hvconfig_example),
	cmocka_unit_test(test_hvconfig_warning),
	cmocka_unit_test(test_hvconfig_invalid),
	cmocka_unit_test(test_hvconfig_parse_errors),
	cmocka_unit_test(test_hvconfig_reserve),
	cmocka_unit_test(test_hvconfig_unusable),
	cmocka_unit_test(test_hvconfig_usage),
};
#define NR_FIXED (sizeof(fixed_tests) / sizeof(fixed_tests[0]))

int main(void)
{
	/* One named test per bad fixture, so a failure names the fixture. */
	static struct CMUnitTest tests[NR_FIXED + NR_BAD];
	static char names[NR_BAD][64];

	for (unsigned i = 0; i < NR_FIXED; i++)
		tests[i] = fixed_tests[i];
	for (unsigned i = 0; i < NR_BAD; i++) {
		snprintf(names[i], sizeof(names[i]), "%s%s", bad_cases[i].fixture,
			 bad_cases[i].stage == NO_HOST ? " (no host)" : "");
		tests[NR_FIXED + i] = (struct CMUnitTest){
			.name = names[i],
			.test_func = test_bad,
			.initial_state = (void *)&bad_cases[i],
		};
	}
	return cmocka_run_group_tests_name("config", tests, NULL,
					   teardown_group);
}
