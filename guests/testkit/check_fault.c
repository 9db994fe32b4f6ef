/*
 * Stage-2 isolation seen from the guest: accesses outside the partition's
 * memory must come back as data aborts the guest itself takes, with DFAR the
 * address, DFSR.WnR the direction, and the exception return pointing at the
 * access.
 */
#include "testkit.h"

#include <stdio.h>

#define U(x) ((unsigned)(x))
#define DFSR_WNR (1u << 11)
#define POISON 0x5a5aa5a5u

static void check_abort(struct tk_diag *d, const struct guest_caught *c,
			bool write, uint32_t addr, uint32_t pc)
{
	const char *what = write ? "write" : "read";

	if (c->type != EXC_DABT) {
		tk_diag_add(d, "%s at 0x%08x: no data abort", what, U(addr));
		return;
	}
	if (c->far != addr)
		tk_diag_add(d, "%s at 0x%08x: DFAR 0x%08x", what, U(addr),
			    U(c->far));
	if (!!(c->fsr & DFSR_WNR) != write)
		tk_diag_add(d, "%s at 0x%08x: DFSR 0x%08x has WnR %u", what,
			    U(addr), U(c->fsr), U(!!(c->fsr & DFSR_WNR)));
	if (c->pc != pc)
		tk_diag_add(d, "%s at 0x%08x: LR_abt - 8 = 0x%08x, the access "
			    "is at 0x%08x", what, U(addr), U(c->pc), U(pc));
}

/* Reads, then writes addr; both must abort. A readable address is written
 * back with what was read, so a failing check changes nothing. */
static void must_abort(struct tk_diag *d, uint32_t addr)
{
	struct guest_caught c;
	uint32_t pc, v;

	guest_expect(EXPECT_DABT);
	v = guest_ld32_pc(addr, &pc);
	guest_expect_done(&c);
	if (c.type < 0)
		tk_diag_add(d, "read at 0x%08x did not abort (read 0x%08x)",
			    U(addr), U(v));
	else
		check_abort(d, &c, false, addr, pc);

	guest_expect(EXPECT_DABT);
	guest_st32_pc(addr, c.type < 0 ? v : POISON, &pc);
	guest_expect_done(&c);
	if (c.type < 0)
		tk_diag_add(d, "write at 0x%08x did not abort", U(addr));
	else
		check_abort(d, &c, true, addr, pc);
}

static void data_abort_outside_memory(void)
{
	struct tk_diag d;
	unsigned tried = 0;

	tk_begin("data_abort_outside_memory");
	tk_diag_init(&d);
	/* The first address past the end of the last region */
	if (guest_plat.mem_hi < (1ull << 32) &&
	    !tk_in_testdev(guest_plat.mem_hi)) {
		must_abort(&d, (uint32_t)guest_plat.mem_hi);
		tried++;
	}
	/* Just below the first region */
	if (guest_plat.mem_lo >= 4 && !tk_in_testdev(guest_plat.mem_lo - 4) &&
	    !guest_in_memory(&guest_plat, guest_plat.mem_lo - 4)) {
		must_abort(&d, (uint32_t)guest_plat.mem_lo - 4);
		tried++;
	}
	if (!tried)
		tk_diag_add(&d, "no address outside memory to try");
	tk_report(&d);
}

static void foreign_memory_unreachable(uint32_t probe)
{
	char name[64];
	struct tk_diag d;

	snprintf(name, sizeof(name), "foreign_memory_unreachable_0x%x",
		 U(probe));
	tk_begin(name);
	tk_diag_init(&d);
	must_abort(&d, probe & ~3u);
	tk_report(&d);
}

void tk_check_faults(void)
{
	data_abort_outside_memory();
	for (unsigned i = 0; i < tk_plat.nr_probes; i++)
		foreign_memory_unreachable(tk_plat.probes[i]);
}
