/*
 * hvconfig: checks a Tessera configuration (docs/config.md) on the host with
 * the code the hypervisor runs at boot (core/config_*.c), so a mistake shows
 * up at the desk rather than on the board.
 *
 *   hvconfig check FILE.dtb [--host HOST.dtb] [--reserve ADDR,SIZE]...
 *
 * Exit status: 0 valid, 1 errors in the configuration, 2 usage error or a
 * file that cannot be read or is not a device tree.
 */
#include <core/config.h>
#include <core/platform.h>
#include <errno.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define MAX_RESERVE 16
#define MAX_FILE_SIZE (256u << 20) /* embedded images make configs large */

struct options {
	const char *file;
	const char *host;
	unsigned nr_reserve;
	struct cfg_reserved reserve[MAX_RESERVE];
	char reserve_what[MAX_RESERVE][64];
};

static void usage(FILE *f)
{
	static const char *const lines[] = {
		"usage: hvconfig check FILE.dtb [--host HOST.dtb] "
		"[--reserve ADDR,SIZE]...",
		"  Checks a Tessera configuration (docs/config.md).",
		"  --host HOST.dtb      also check against this host device "
		"tree:",
		"                       CPUs, RAM and its reserved memory, "
		"host devices,",
		"                       interrupts; warns about devices that "
		"may do DMA",
		"  --reserve ADDR,SIZE  host memory partitions must keep out "
		"of",
		"                       (hypervisor image, host DTB...); "
		"repeatable",
		"  Exit status: 0 valid, 1 invalid, 2 usage error or "
		"unreadable file.",
	};

	for (unsigned i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		fprintf(f, "%s\n", lines[i]);
}

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hvconfig: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	usage(stderr);
	return EXIT_USAGE;
}

static bool parse_number(const char *s, char **end, uint64_t *v)
{
	unsigned long long n;

	errno = 0;
	n = strtoull(s, end, 0);
	if (errno || *end == s || *s == '-')
		return false;
	*v = n;
	return true;
}

/* "ADDR,SIZE", numbers in C notation (0x... for hex). */
static bool parse_reserve(const char *arg, struct options *o)
{
	struct cfg_reserved *r = &o->reserve[o->nr_reserve];
	char *end;

	if (o->nr_reserve == MAX_RESERVE ||
	    !parse_number(arg, &end, &r->base) || *end != ',' ||
	    !parse_number(end + 1, &end, &r->size) || *end || !r->size)
		return false;
	snprintf(o->reserve_what[o->nr_reserve], sizeof(o->reserve_what[0]),
		 "--reserve %s", arg);
	r->what = o->reserve_what[o->nr_reserve++];
	return true;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	if (argc < 2)
		return usage_error("no command given");
	if (strcmp(argv[1], "check"))
		return usage_error("unknown command \"%s\"", argv[1]);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if ((!strcmp(a, "--host") || !strcmp(a, "--reserve")) &&
		    i + 1 == argc)
			return usage_error("%s needs an argument", a);
		if (!strcmp(a, "--host"))
			o->host = argv[++i];
		else if (!strcmp(a, "--reserve")) {
			if (!parse_reserve(argv[++i], o))
				return usage_error(
					"bad --reserve \"%s\" (expected "
					"ADDR,SIZE with SIZE > 0; at most 16)",
					argv[i]);
		} else if (a[0] == '-' && a[1])
			return usage_error("unknown option \"%s\"", a);
		else if (o->file)
			return usage_error("more than one FILE (\"%s\")", a);
		else
			o->file = a;
	}
	if (!o->file)
		return usage_error("no FILE given");
	return 0;
}

/* Reads a whole DTB; NULL (reported) when unreadable or not a DTB. */
static void *load_dtb(const char *path)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long len = -1;
	int rc;

	if (f && !fseek(f, 0, SEEK_END))
		len = ftell(f);
	if (!f || len < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "hvconfig: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (len > (long)MAX_FILE_SIZE ||
	    len < (long)sizeof(struct fdt_header)) {
		fprintf(stderr,
			"hvconfig: %s: not a device tree blob (%ld bytes)\n",
			path, len);
		goto out;
	}
	buf = malloc((size_t)len);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "hvconfig: %s: cannot read it\n", path);
		goto fail;
	}
	rc = fdt_check_header(buf);
	if (rc || fdt_totalsize(buf) > (uint32_t)len) {
		fprintf(stderr, "hvconfig: %s: not a device tree blob (%s)\n",
			path, rc ? fdt_strerror(rc) : "truncated");
		goto fail;
	}
	goto out;
fail:
	free(buf);
	buf = NULL;
out:
	if (f)
		fclose(f);
	return buf;
}

static void print_error(void *ctx, const char *msg)
{
	fprintf(stderr, "hvconfig: %s: %s\n", (const char *)ctx, msg);
}

/* Valid, but worth knowing (a device that can do DMA): exit status stays 0. */
static void print_warning(void *ctx, const char *msg)
{
	fprintf(stderr, "hvconfig: %s: warning: %s\n", (const char *)ctx, msg);
}

static const char *console_name(enum console_mode m)
{
	switch (m) {
	case CONSOLE_PASSTHROUGH:
		return "passthrough";
	case CONSOLE_NONE:
		return "none";
	default:
		return "virtual";
	}
}

static void print_blob(const char *what, const struct cfg_blob *b)
{
	if (!b->present)
		return;
	if (b->data)
		printf(", %s %llu bytes (embedded) at 0x%llx", what,
		       (unsigned long long)b->size,
		       (unsigned long long)b->load);
	else
		printf(", %s %llu bytes (from host 0x%llx) at 0x%llx", what,
		       (unsigned long long)b->size, (unsigned long long)b->host,
		       (unsigned long long)b->load);
}

/* One line per partition: what it gets. */
static void print_summary(const struct cfg_partition *p)
{
	uint64_t mem = 0;
	unsigned fixed = 0, irqs = p->nr_irqs;

	for (unsigned i = 0; i < p->nr_mem; i++) {
		mem += p->mem[i].size;
		fixed += p->mem[i].fixed;
	}
	for (unsigned i = 0; i < p->nr_devices; i++)
		irqs += p->devices[i].nr_irqs;

	printf("  %s: %s, CPU%s", p->name, guest_platform_get(p->preset)->name,
	       p->nr_cpus > 1 ? "s " : " ");
	for (unsigned i = 0; i < p->nr_cpus; i++)
		printf("%s%u", i ? "," : "", p->cpus[i]);
	printf(", memory %llu KiB in %u region%s (%u fixed)",
	       (unsigned long long)(mem >> 10), p->nr_mem,
	       p->nr_mem == 1 ? "" : "s", fixed);
	print_blob("kernel", &p->kernel);
	print_blob("initrd", &p->initrd);
	printf(", entry 0x%llx, console %s, %u device%s, %u IRQ%s",
	       (unsigned long long)p->entry, console_name(p->console),
	       p->nr_devices, p->nr_devices == 1 ? "" : "s", irqs,
	       irqs == 1 ? "" : "s");
	if (p->has_test_device)
		printf(", test-device at 0x%llx",
		       (unsigned long long)p->test_device);
	printf("\n");
}

/* One line per channel: its size and each endpoint. */
static void print_channel(const struct config *c, const struct cfg_channel *ch)
{
	printf("  channel %s: %llu KiB", ch->name,
	       (unsigned long long)(ch->size >> 10));
	for (unsigned e = 0; e < ch->nr_endpoints; e++) {
		const struct cfg_endpoint *ep = &ch->ep[e];

		printf("%s %s %s at 0x%llx (doorbell 0x%llx, INTID %u)",
		       e ? ";" : ",", c->part[ep->part].name,
		       ep->read_only ? "ro" : "rw",
		       (unsigned long long)ep->guest,
		       (unsigned long long)(ep->guest + ch->size),
		       (unsigned)ep->intid);
	}
	printf("\n");
}

/* The host tree and its platform; false (reported) when unusable. */
static bool load_host(const char *path, void **fdt, struct platform *host)
{
	char err[256];

	*fdt = load_dtb(path);
	if (!*fdt)
		return false;
	if (platform_parse(*fdt, host, err, sizeof(err))) {
		fprintf(stderr, "hvconfig: %s: %s\n", path, err);
		return false;
	}
	return true;
}

static int check(const struct options *o)
{
	static struct config cfg;
	static struct platform host;
	struct cfg_report r = {.error = print_error,
			       .warning = print_warning,
			       .ctx = (void *)o->file};
	void *fdt = load_dtb(o->file), *host_fdt = NULL;
	int rc = EXIT_USAGE;

	if (!fdt || (o->host && !load_host(o->host, &host_fdt, &host)))
		goto out;
	/* Validation of a half-parsed configuration would only add noise. */
	if (!config_parse(fdt, &cfg, &r))
		config_validate(&cfg, o->host ? &host : NULL, host_fdt,
				o->reserve, o->nr_reserve, &r);
	if (r.errors) {
		fprintf(stderr, "%s: %u error(s)\n", o->file, r.errors);
		rc = EXIT_INVALID;
		goto out;
	}
	printf("%s: OK (%u partition%s)\n", o->file, cfg.nr_partitions,
	       cfg.nr_partitions == 1 ? "" : "s");
	for (unsigned i = 0; i < cfg.nr_partitions; i++)
		print_summary(&cfg.part[i]);
	for (unsigned i = 0; i < cfg.nr_channels; i++)
		print_channel(&cfg, &cfg.channels[i]);
	if (!o->host)
		printf("(without --host: CPUs, host RAM, host devices and IRQs "
		       "were not checked)\n");
	rc = 0;
out:
	free(fdt);
	free(host_fdt);
	return rc;
}

int main(int argc, char **argv)
{
	static struct options o;
	int rc;

	if (argc == 2 &&
	    (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	rc = parse_args(argc, argv, &o);
	return rc ? rc : check(&o);
}
