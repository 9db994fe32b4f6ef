/*
 * Host unit tests for the CCI-400 driver (drivers/cci400.c) against a
 * register fake: TC2's interconnect exists in no QEMU machine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#define DRIVERS_MMIO_H
static uint32_t mmio_read32(uintptr_t addr);
static void mmio_write32(uintptr_t addr, uint32_t v);
#include "../../drivers/cci400.c"

#define BASE 0x2c090000u
#define PORT3 (BASE + 0x4000u) /* TC2: Cortex-A15 cluster */
#define PORT4 (BASE + 0x5000u) /* TC2: Cortex-A7 cluster */

static struct fake {
	uint32_t snoop[2];
	unsigned pending_reads; /* STATUS reads showing change_pending */
	bool secure_only;	/* Non-secure writes ignored */
	bool never_done;
	unsigned writes;
	uint32_t status_reads_after_write;
} f;

static uint32_t *port_reg(uintptr_t addr)
{
	if (addr == PORT3 + CCI_SNOOP_CONTROL)
		return &f.snoop[0];
	if (addr == PORT4 + CCI_SNOOP_CONTROL)
		return &f.snoop[1];
	return NULL;
}

static uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t *r = port_reg(addr);

	if (r)
		return *r;
	if (addr == BASE + CCI_STATUS) {
		if (f.writes)
			f.status_reads_after_write++;
		if (f.never_done)
			return CCI_STATUS_CHANGE_PENDING;
		if (f.pending_reads) {
			f.pending_reads--;
			return CCI_STATUS_CHANGE_PENDING;
		}
		return 0;
	}
	fail_msg("read of 0x%lx", (unsigned long)addr);
	return 0;
}

static void mmio_write32(uintptr_t addr, uint32_t v)
{
	uint32_t *r = port_reg(addr);

	if (!r)
		fail_msg("write of 0x%lx", (unsigned long)addr);
	f.writes++;
	if (!f.secure_only)
		*r = v;
}

static void reset_fake(void)
{
	memset(&f, 0, sizeof(f));
	f.snoop[0] = f.snoop[1] = CCI_SNOOP_SUPPORTED | CCI_DVM_SUPPORTED;
}

static void test_enable_waits_for_change(void **state)
{
	(void)state;
	reset_fake();
	f.pending_reads = 4;
	assert_true(cci400_enable_port(BASE, PORT4));
	assert_int_equal(f.snoop[1], CCI_SNOOP_SUPPORTED | CCI_DVM_SUPPORTED |
					     CCI_SNOOP_EN | CCI_DVM_EN);
	assert_int_equal(f.snoop[0], CCI_SNOOP_SUPPORTED | CCI_DVM_SUPPORTED);
	assert_int_equal(f.pending_reads, 0);
	assert_true(f.status_reads_after_write >= 5);
}

static void test_enabled_port_left_alone(void **state)
{
	(void)state;
	reset_fake();
	f.snoop[0] |= CCI_SNOOP_EN | CCI_DVM_EN; /* the boot cluster's */
	assert_true(cci400_enable_port(BASE, PORT3));
	assert_int_equal(f.writes, 0);
}

static void test_secure_only_reported(void **state)
{
	(void)state;
	reset_fake();
	f.secure_only = true;
	assert_false(cci400_enable_port(BASE, PORT4));
}

static void test_change_never_completes(void **state)
{
	(void)state;
	reset_fake();
	f.never_done = true;
	assert_false(cci400_enable_port(BASE, PORT4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enable_waits_for_change),
		cmocka_unit_test(test_enabled_port_left_alone),
		cmocka_unit_test(test_secure_only_reported),
		cmocka_unit_test(test_change_never_completes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
