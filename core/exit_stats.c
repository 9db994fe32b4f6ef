/*
 * Exit statistics: summing the per-vCPU counters and formatting the report
 * (core/include/core/exit_stats.h). No hardware, no locks: host-testable.
 */
#include <core/exit_stats.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void exit_stats_sum(struct exit_stats *sum, const struct exit_stats *const *s,
		    unsigned n)
{
	memset(sum, 0, sizeof(*sum));
	for (unsigned v = 0; v < n; v++) {
		for (unsigned c = 0; c < EXIT_CLASSES; c++)
			sum->n[c] += s[v]->n[c];
		for (unsigned r = 0; r < MAX_MMIO_REGIONS; r++)
			sum->mmio[r] += s[v]->mmio[r];
	}
	for (unsigned r = 0; r < MAX_MMIO_REGIONS; r++)
		sum->n[EXIT_MMIO] += sum->mmio[r];
	/* Each exit was counted in exactly one of these. */
	for (unsigned c = EXIT_HVC_PSCI; c <= EXIT_FIQ_EXIT; c++)
		sum->n[EXIT_TOTAL] += sum->n[c];
}

/* A growing line in a fixed buffer: appends stop quietly when it is full. */
struct line {
	char *buf;
	size_t len, used;
};

static void append(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void append(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->used + 1 >= l->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->used, l->len - l->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->used += (size_t)n < l->len - l->used ? (size_t)n
							: l->len - l->used - 1;
}

struct item {
	enum exit_class c;
	const char *name;
};

static const struct item classes[] = {
	{EXIT_HVC_PSCI, "hvc psci"},    {EXIT_HVC_CALL, "hvc call"},
	{EXIT_SMC, "smc"},              {EXIT_WFI, "wfi"},
	{EXIT_WFE, "wfe"},              {EXIT_CP15, "cp15"},
	{EXIT_CP14, "cp14"},            {EXIT_VFP, "vfp"},
	{EXIT_MMIO, "mmio"},            {EXIT_DABT, "data abort"},
	{EXIT_PABT, "prefetch abort"},  {EXIT_ZERO_FILL, "zero fill"},
	{EXIT_OTHER, "other"},
	{EXIT_IRQ_EXIT, "irq"},         {EXIT_FIQ_EXIT, "fiq"},
};

static const struct item irqs[] = {
	{EXIT_IRQ_MAINT, "maintenance"},   {EXIT_IRQ_KICK, "kick"},
	{EXIT_IRQ_TIMER, "guest timer"},   {EXIT_IRQ_HYP_TIMER, "hyp timer"},
	{EXIT_IRQ_SPI, "passthrough"},     {EXIT_IRQ_CONSOLE, "console rx"},
	{EXIT_IRQ_OTHER, "other"},
};

static void items(struct line *l, const struct exit_stats *s,
		  const struct item *it, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		append(l, "%s%s %lu", i ? ", " : "", it[i].name,
		       (unsigned long)s->n[it[i].c]);
}

const char *exit_stats_format(char *buf, size_t len, const char *part_name,
			      const struct exit_stats *s,
			      enum exit_stats_line which,
			      const char *const *names, unsigned nr)
{
	struct line l = {buf, len, 0};

	if (len == 0)
		return buf;
	buf[0] = '\0';
	append(&l, "exits of partition %s: ", part_name);
	switch (which) {
	case EXIT_LINE_CLASSES:
		append(&l, "total %lu; ", (unsigned long)s->n[EXIT_TOTAL]);
		items(&l, s, classes, sizeof(classes) / sizeof(classes[0]));
		break;
	case EXIT_LINE_MMIO:
		append(&l, "mmio");
		if (nr > MAX_MMIO_REGIONS)
			nr = MAX_MMIO_REGIONS;
		for (unsigned r = 0; r < nr; r++)
			append(&l, "%s %s %lu", r ? "," : "",
			       names[r] ? names[r] : "?",
			       (unsigned long)s->mmio[r]);
		if (nr == 0)
			append(&l, " (no emulated device)");
		break;
	case EXIT_LINE_IRQS:
	default:
		append(&l, "irqs taken: ");
		items(&l, s, irqs, sizeof(irqs) / sizeof(irqs[0]));
		append(&l, "; irq exits taking none %lu",
		       (unsigned long)s->n[EXIT_IRQ_NONE]);
		if (s->n[EXIT_TOTAL]) {
			/* per exit, to two decimals, in integers */
			uint64_t x100 = (uint64_t)s->n[EXIT_VGIC_LOCKS] * 100 /
					s->n[EXIT_TOTAL];

			append(&l, "; vgic locks %lu (%lu.%02lu per exit)",
			       (unsigned long)s->n[EXIT_VGIC_LOCKS],
			       (unsigned long)(x100 / 100),
			       (unsigned long)(x100 % 100));
		}
		break;
	}
	return buf;
}
