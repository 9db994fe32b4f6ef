/*
 * Host unit tests for the exit statistics (core/exit_stats.c): per-vCPU
 * counters, their sum, and the report lines.
 */
/* links: core/exit_stats.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <core/exit_stats.h>
#include <stdio.h>
#include <string.h>

static const char *const names[] = {"GIC distributor", "virtual UART",
				    "test device"};

static void test_counters_own_cache_lines(void **state)
{
	struct exit_stats s[2];

	(void)state;
	/* Two vCPUs' counters never share a 64-byte cache line. */
	assert_int_equal(sizeof(struct exit_stats) % 64, 0);
	assert_int_equal((uintptr_t)&s[1] % 64, 0);
}

static void test_add_and_sum(void **state)
{
	struct exit_stats a, b, sum;
	const struct exit_stats *v[] = {&a, &b};

	(void)state;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	exit_stats_add(&a, EXIT_HVC_CALL);
	exit_stats_add(&b, EXIT_WFI);
	exit_stats_add(&b, EXIT_IRQ_EXIT);
	exit_stats_add_irq(&b, EXIT_IRQ_MAINT);
	exit_stats_add_mmio(&a, 2);
	exit_stats_add_mmio(&b, 2);
	exit_stats_add_mmio(&b, 0);
	exit_stats_add_mmio(&b, MAX_MMIO_REGIONS); /* no region: class only */
	exit_stats_sum(&sum, v, 2);
	/* Derived: every class counted once (the interrupt is not an exit). */
	assert_int_equal(sum.n[EXIT_TOTAL], 1 + 1 + 1 + 4);
	assert_int_equal(sum.n[EXIT_HVC_CALL], 1);
	assert_int_equal(sum.n[EXIT_IRQ_MAINT], 1);
	assert_int_equal(sum.n[EXIT_IRQ_TAKEN], 1);
	assert_int_equal(sum.n[EXIT_MMIO], 4);
	assert_int_equal(sum.mmio[0], 1);
	assert_int_equal(sum.mmio[1], 0);
	assert_int_equal(sum.mmio[2], 2);
	assert_int_equal(sum.n[EXIT_WFI], 1);
	assert_int_equal(sum.n[EXIT_SMC], 0);
	/* The inputs are not changed. */
	assert_int_equal(a.n[EXIT_HVC_CALL], 1);
	assert_int_equal(a.n[EXIT_TOTAL], 0);
	/* No vCPU: all zero. */
	exit_stats_sum(&sum, v, 0);
	assert_int_equal(sum.n[EXIT_TOTAL], 0);
}

static struct exit_stats sample(void)
{
	struct exit_stats s;

	memset(&s, 0, sizeof(s));
	s.n[EXIT_TOTAL] = 4000000000u; /* printed unsigned */
	s.n[EXIT_HVC_PSCI] = 2;
	s.n[EXIT_HVC_CALL] = 17;
	s.n[EXIT_WFI] = 5;
	s.n[EXIT_MMIO] = 30;
	s.n[EXIT_IRQ_EXIT] = 9;
	s.n[EXIT_IRQ_MAINT] = 3;
	s.n[EXIT_IRQ_TIMER] = 6;
	s.n[EXIT_IRQ_NONE] = 4;
	s.mmio[0] = 10;
	s.mmio[2] = 20;
	return s;
}

static void test_format_classes(void **state)
{
	struct exit_stats s = sample();
	char buf[400];

	(void)state;
	assert_string_equal(
		exit_stats_format(buf, sizeof(buf), "testkit", &s,
				  EXIT_LINE_CLASSES, names, 3),
		"exits of partition testkit: total 4000000000; hvc psci 2, "
		"hvc call 17, smc 0, wfi 5, wfe 0, cp15 0, cp14 0, vfp 0, "
		"mmio 30, data abort 0, prefetch abort 0, zero fill 0, "
		"other 0, irq 9, fiq 0");
}

static void test_format_mmio(void **state)
{
	struct exit_stats s = sample();
	char buf[400];

	(void)state;
	assert_string_equal(exit_stats_format(buf, sizeof(buf), "p", &s,
					      EXIT_LINE_MMIO, names, 3),
			    "exits of partition p: mmio GIC distributor 10, "
			    "virtual UART 0, test device 20");
	assert_string_equal(exit_stats_format(buf, sizeof(buf), "p", &s,
					      EXIT_LINE_MMIO, names, 0),
			    "exits of partition p: mmio (no emulated device)");
}

static void test_format_irqs(void **state)
{
	struct exit_stats s = sample();
	char buf[400];

	(void)state;
	assert_string_equal(exit_stats_format(buf, sizeof(buf), "p", &s,
					      EXIT_LINE_IRQS, names, 3),
			    "exits of partition p: irqs taken: maintenance 3, "
			    "kick 0, guest timer 6, hyp timer 0, passthrough "
			    "0, console rx 0, other 0; irq exits taking none 4; "
			    "vgic locks 0 (0.00 per exit)");
	/* Lock acquisitions per exit, to two decimals. */
	s.n[EXIT_TOTAL] = 200;
	s.n[EXIT_VGIC_LOCKS] = 301;
	exit_stats_format(buf, sizeof(buf), "p", &s, EXIT_LINE_IRQS, names, 3);
	assert_non_null(strstr(buf, " (1.50 per exit)"));
	/* No exit yet: no ratio. */
	s.n[EXIT_TOTAL] = 0;
	exit_stats_format(buf, sizeof(buf), "p", &s, EXIT_LINE_IRQS, names, 3);
	assert_null(strstr(buf, "vgic locks"));
}

static void test_format_cut(void **state)
{
	struct exit_stats s = sample();
	char buf[32];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	exit_stats_format(buf, sizeof(buf), "testkit", &s, EXIT_LINE_CLASSES,
			  names, 3);
	assert_int_equal(strlen(buf), sizeof(buf) - 1);
	assert_memory_equal(buf, "exits of partition testkit: tot", 31);
	/* A zero-length buffer is left alone. */
	buf[0] = 'x';
	exit_stats_format(buf, 0, "testkit", &s, EXIT_LINE_IRQS, names, 3);
	assert_int_equal(buf[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counters_own_cache_lines),
		cmocka_unit_test(test_add_and_sum),
		cmocka_unit_test(test_format_classes),
		cmocka_unit_test(test_format_mmio),
		cmocka_unit_test(test_format_irqs),
		cmocka_unit_test(test_format_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
