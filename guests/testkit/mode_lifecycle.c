/*
 * Partition power stress, selected by testkit.lifecycle= in bootargs and run
 * before the checks. It counts boots in a record in the middle of the
 * partition's memory, which survives SYSTEM_RESET only in fixed memory
 * (host-addr: the hypervisor zeroes allocated memory at a reset, not fixed
 * memory), so use it with fixed memory; with allocated memory every boot
 * would be the first, and the partition would never stop.
 *
 *   reset-loop      boots 1..LIFECYCLE_ROUNDS: SYSTEM_RESET at once, then
 *                   the checks as usual and testkit.finish=.
 *   reset-off-race  boots 1..LIFECYCLE_ROUNDS (needs 2 vCPUs): vCPU 1 is
 *                   started and both vCPUs, released by one flag, call
 *                   SYSTEM_OFF (vCPU 1) and SYSTEM_RESET (vCPU 0) at once,
 *                   one side delayed by 0 to 10 ms, which side and how
 *                   long changing with each boot. The partition
 *                   must end off (a stop beats a reset) or restart (the
 *                   reset stopped vCPU 1 before its call); after the rounds,
 *                   the checks as usual.
 *
 * Before each reset the guest scribbles over its device-tree area (the
 * 64 KB the hypervisor gives it: the tree, then zeroes) past the tree;
 * after the rounds, the check dt_area_clean_after_resets: the tree's
 * totalsize unchanged and every byte after it in the 64 KB zero again,
 * which in fixed memory only the hypervisor's reload can have done.
 *
 *   first-touch     (a fixed region holding the record, and an allocated
 *                   one of at least 16 MiB: the last region without the
 *                   record; 2 vCPUs) boot 1 writes a pattern into every
 *                   2 MiB block of the allocated region, a line of text
 *                   into block 1 and code returning 1 into the last 8
 *                   bytes of block 4, then SYSTEM_RESET. Boot 2, before
 *                   anything else touches that region:
 *                   first_touch_console_write_zero (HC_CONSOLE_WRITE of
 *                   the text's 16 bytes takes all 16, and they read zero
 *                   after), first_touch_ram_zero_after_reset (words at
 *                   the start, middle and end of blocks 0-3 read zero,
 *                   block 2 through an LDM: no syndrome),
 *                   first_touch_instruction_fetch (code returning 2 at
 *                   the start of block 5, then a call to block 4's last
 *                   8 bytes: its first touch is that fetch, and zeroed
 *                   they run as no-ops into block 5) and
 *                   first_touch_two_vcpus_same_block (from block 6 on,
 *                   both vCPUs touch each block at once, one reading,
 *                   one writing: zeroes, and the write survives). The
 *                   hypervisor leaves such blocks out of stage 2 at the
 *                   reload and zeroes them on their first touch
 *                   (docs/architecture.md, "Memory"); the system test
 *                   also looks for the text on the console and for
 *                   "zero fill" exits.
 *
 * Each boot prints "# lifecycle: <mode> boot N"; the outcome of a round is
 * in the hypervisor's log.
 */
#include <string.h>

#include "testkit.h"

#define U(x) ((unsigned)(x))

#define LIFECYCLE_ROUNDS 8u
#define LIFECYCLE_MAGIC 0x4c494645u /* "LIFE" */
#define RACE_WAIT_MS 2000u
#define GUEST_DT_AREA 0x10000u /* docs/architecture.md, "Partition power" */

struct lifecycle_rec {
	uint32_t magic;
	uint32_t boots;
	uint32_t dt_size; /* the first boot's tree's totalsize */
};

/* race_go: 0, then 1 + the ticks vCPU 1 waits before its call */
static volatile uint32_t race_ready, race_go;

/* testkit.lifecycle=<word> among the bootargs words */
static bool lifecycle_is(const char *word)
{
	char full[48];

	guest_snprintf(full, sizeof(full), "testkit.lifecycle=%s", word);
	return dt_bootarg_word(guest_plat.bootargs, full);
}

/* In the middle of the partition's memory. */
static struct lifecycle_rec *rec(void)
{
	return (struct lifecycle_rec *)(uintptr_t)(
		(uint32_t)(guest_plat.mem_lo +
			   (guest_plat.mem_hi - guest_plat.mem_lo) / 2) &
		~0xfffu);
}

static uint32_t dt_size(void)
{
	return __builtin_bswap32(*(volatile uint32_t *)(guest_plat.dtb + 4));
}

static uint32_t count_boot(void)
{
	struct lifecycle_rec *r = rec();

	if (r->magic != LIFECYCLE_MAGIC) {
		r->magic = LIFECYCLE_MAGIC;
		r->boots = 0;
		r->dt_size = dt_size();
	}
	return ++r->boots;
}

/* What a reload must clean up: the device-tree area past the tree. */
static void scribble_dt_area(void)
{
	uint32_t size = dt_size();

	if (size < GUEST_DT_AREA)
		memset((void *)(uintptr_t)(guest_plat.dtb + size), 0xa5,
		       GUEST_DT_AREA - size);
}

static void check_dt_area(void)
{
	const volatile uint8_t *a = (const volatile uint8_t *)(uintptr_t)
		guest_plat.dtb;
	uint32_t size = dt_size(), dirty = 0, first = 0;

	tk_begin("dt_area_clean_after_resets");
	for (uint32_t i = size; i < GUEST_DT_AREA; i++)
		if (a[i] && !dirty++)
			first = i;
	if (size != rec()->dt_size)
		tk_fail("totalsize %u, the first boot's was %u", U(size),
			U(rec()->dt_size));
	else if (dirty)
		tk_fail("%u nonzero byte(s) past the %u-byte tree, the first at "
			"+0x%x", U(dirty), U(size), U(first));
	else
		tk_pass_note("%u-byte tree, %u zero bytes after it", U(size),
			     U(GUEST_DT_AREA - size));
}

/* ---------------------------------------------------------- first touch */

#define FT_BLOCK 0x200000u
#define FT_TEXT_OFF 0x100u /* in the region's second block */
#define FT_TEXT_LEN 16u
/* The region's blocks: 0-3 first_touch_ram_zero_after_reset (1 the text,
 * 2 the LDM), 4 and 5 the fetch, 6 on the two-vCPU race. */
#define FT_RAM_BLOCKS 4u
#define FT_FETCH_BLOCK 4u
#define FT_RACE_FIRST 6u
#define FT_MIN_BLOCKS 8u
#define ARM_MOV_R0(imm) (0xe3a00000u | (imm)) /* mov r0, #imm (A8.8.102) */
#define ARM_BX_LR 0xe12fff1eu                 /* bx lr */
#define FT_WAIT_MS 5000u /* for vCPU 1, per step: a loaded host is slow */

/* The last region without the boot record: the allocated one. */
static const struct guest_mem *ft_region(void)
{
	uintptr_t r = (uintptr_t)rec();

	for (unsigned i = guest_plat.nr_mem; i-- > 0;) {
		const struct guest_mem *m = &guest_plat.mem[i];

		if (!(r >= m->base && r - m->base < m->size) &&
		    m->size >= FT_MIN_BLOCKS * FT_BLOCK)
			return m;
	}
	return NULL;
}

/* Words probed in block b: its first, one in the middle, its last. */
static volatile uint32_t *ft_word(const struct guest_mem *m, uint32_t b,
				  unsigned k)
{
	static const uint32_t off[] = {0, FT_BLOCK / 2 + 4, FT_BLOCK - 4};

	return (volatile uint32_t *)(uintptr_t)((uint32_t)m->base +
						b * FT_BLOCK + off[k]);
}

/* The first of the two fetch blocks' 8 bytes the call starts at. */
static uint32_t ft_fetch_entry(const struct guest_mem *m)
{
	return (uint32_t)m->base + (FT_FETCH_BLOCK + 1) * FT_BLOCK - 8;
}

/*
 * Code written as data becomes fetchable: the data cache cleaned to the
 * point of unification, then the I-cache and branch predictor invalidated
 * (B2.2.9; the line holds all 8 bytes).
 */
static void ft_sync_code(uint32_t a)
{
	guest_dsb();
	CP15_WR(0, c7, c11, 1, a); /* DCCMVAU */
	guest_dsb();
	CP15_WR(0, c7, c5, 0, 0); /* ICIALLU */
	CP15_WR(0, c7, c5, 6, 0); /* BPIALL */
	guest_dsb();
	guest_isb();
}

static void ft_scribble(const struct guest_mem *m)
{
	char *text = (char *)(uintptr_t)((uint32_t)m->base + FT_BLOCK +
					 FT_TEXT_OFF);
	volatile uint32_t *stale = (volatile uint32_t *)(uintptr_t)
		ft_fetch_entry(m);

	for (uint32_t b = 0; b < m->size / FT_BLOCK; b++)
		for (unsigned k = 0; k < 3; k++)
			*ft_word(m, b, k) = 0x5ec2e700u | (b & 0xff);
	/* Built here so that the image holds no copy the console could show. */
	memcpy(text, "STALE", 5);
	memcpy(text + 5, "-BEFORE-RESET\n", 11);
	/* What boot 2's call runs if the reload left the block as it was. */
	stale[0] = ARM_MOV_R0(1);
	stale[1] = ARM_BX_LR;
	ft_sync_code((uint32_t)(uintptr_t)stale);
}

static void ft_check_console(const struct guest_mem *m)
{
	const volatile uint8_t *text = (const volatile uint8_t *)(uintptr_t)(
		(uint32_t)m->base + FT_BLOCK + FT_TEXT_OFF);
	int32_t r;
	unsigned dirty = 0;

	tk_begin("first_touch_console_write_zero");
	/* The hypervisor reads it first: nothing of boot 1's text. */
	r = (int32_t)guest_hvc(HC_CONSOLE_WRITE, (uint32_t)(uintptr_t)text,
			       FT_TEXT_LEN, 0);
	for (unsigned i = 0; i < FT_TEXT_LEN; i++)
		dirty += text[i] != 0;
	if (r != (int32_t)FT_TEXT_LEN)
		tk_fail("HC_CONSOLE_WRITE of a never-touched buffer returned %d",
			(int)r);
	else if (dirty)
		tk_fail("%u of its %u bytes nonzero", dirty, FT_TEXT_LEN);
	else
		tk_pass_note("took %d bytes, all zero", (int)r);
}

static void ft_check_ram(const struct guest_mem *m)
{
	uint32_t dirty = 0, first = 0;
	uint32_t a = 0, b = 0;

	tk_begin("first_touch_ram_zero_after_reset");
	/* Block 2's first touch by an LDM: an abort without a syndrome. */
	__asm__ volatile("ldm %2, {%0, %1}"
			 : "=r"(a), "=r"(b)
			 : "r"(ft_word(m, 2, 0))
			 : "memory");
	if (a || b) {
		dirty++;
		first = 2;
	}
	for (uint32_t blk = 0; blk < FT_RAM_BLOCKS; blk++)
		for (unsigned k = 0; k < 3; k++)
			if (*ft_word(m, blk, k) && !dirty++)
				first = blk;
	if (dirty)
		tk_fail("%u nonzero word(s), the first in block %u at 0x%08x",
			U(dirty), U(first), U(*ft_word(m, first, 0)));
	else
		tk_pass_note("%u blocks of 2 MiB at 0x%08x read zero",
			     U(FT_RAM_BLOCKS), U(m->base));
}

/*
 * The first touch of a block by an instruction fetch (a stage-2 prefetch
 * abort). The code the call must reach is written (a data write: the
 * next block's first touch) at the start of the next block; the fetch
 * block's last 8 bytes held boot 1's code returning 1 and, zeroed, are
 * two ANDEQ r0, r0, r0 that fall through into it. A prefetch abort
 * reaching the guest is an unexpected exception: this check fails there.
 */
static void ft_check_fetch(const struct guest_mem *m)
{
	uint32_t entry = ft_fetch_entry(m);
	volatile uint32_t *next = (volatile uint32_t *)(uintptr_t)(entry + 8);
	volatile uint32_t *old = (volatile uint32_t *)(uintptr_t)entry;
	uint32_t (*call)(uint32_t) = (uint32_t (*)(uint32_t))(uintptr_t)entry;
	uint32_t r;

	tk_begin("first_touch_instruction_fetch");
	next[0] = ARM_MOV_R0(2);
	next[1] = ARM_BX_LR;
	ft_sync_code((uint32_t)(uintptr_t)next);
	r = call(7); /* BLX to an even address: ARM state */
	if (r == 1)
		tk_fail("boot 1's code at 0x%08x ran: the block was not zeroed",
			U(entry));
	else if (r != 2)
		tk_fail("the call at 0x%08x returned %u, not 2", U(entry), U(r));
	else if (old[0] || old[1])
		tk_fail("0x%08x 0x%08x at 0x%08x after the call", U(old[0]),
			U(old[1]), U(entry));
	else
		tk_pass_note("fetched first at 0x%08x: two zero words, then the "
			     "next block's code returned 2", U(entry));
}

/*
 * Two vCPUs on one never-touched block at once (the fill lock and its
 * re-check, core/partition_mem.c): for each block from FT_RACE_FIRST on,
 * vCPU 0 releases both at once (go = index + 1); one reads its first and
 * middle words, the other writes its last word (the last a second zeroing
 * would reach) and reads it and the first back, the writer alternating.
 * After both, vCPU 0 reads the write again: lost means the block was
 * zeroed twice.
 */
static struct {
	volatile uint32_t ready, go, done, stop;
	volatile uint32_t bad[2], first_bad[2];
	uint32_t base, blocks;
} ft_race __attribute__((aligned(64)));

static uint32_t ft_race_value(uint32_t i)
{
	return 0x70c40000u | i;
}

static void ft_race_touch(unsigned cpu, uint32_t i)
{
	volatile uint32_t *w = (volatile uint32_t *)(uintptr_t)(
		ft_race.base + i * FT_BLOCK);
	const uint32_t last = FT_BLOCK / 4 - 1, mid = FT_BLOCK / 8 + 1;
	bool bad;

	if (cpu == (i & 1)) {
		w[last] = ft_race_value(i);
		bad = w[last] != ft_race_value(i) || w[0];
	} else {
		bad = w[0] || w[mid];
	}
	if (bad && !ft_race.bad[cpu]++)
		ft_race.first_bad[cpu] = i;
}

static bool ft_wait(volatile uint32_t *v, uint32_t want)
{
	uint64_t until = guest_cntvct() + (uint64_t)(guest_cntfrq() / 1000u) *
					       FT_WAIT_MS;

	while (*v != want)
		if (guest_cntvct() >= until)
			return false;
	guest_dmb();
	return true;
}

/* vCPU 1 (PSCI CPU_ON, context id TK_CTX_LIFECYCLE) in first-touch. */
static __attribute__((noreturn)) void ft_race_secondary(void)
{
	ft_race.ready = 1;
	for (uint32_t i = 0; i < ft_race.blocks && !ft_race.stop; i++) {
		while (ft_race.go != i + 1 && !ft_race.stop)
			;
		guest_dmb();
		if (ft_race.stop)
			break;
		ft_race_touch(1, i);
		guest_dmb();
		ft_race.done = i + 1;
	}
	guest_psci(PSCI_FN_CPU_OFF, 0, 0, 0);
	guest_park();
}

/* vCPU 1 off again, so that the checks after can start it. */
static bool ft_race_end(void)
{
	uint64_t until = guest_cntvct() + (uint64_t)(guest_cntfrq() / 1000u) *
					       FT_WAIT_MS;

	ft_race.stop = 1;
	guest_dsb();
	while (guest_psci(PSCI_FN_AFFINITY_INFO, 1, 0, 0) != 1)
		if (guest_cntvct() >= until)
			return false;
	return true;
}

static void ft_check_race(const struct guest_mem *m)
{
	uint32_t lost = 0, first_lost = 0, i = 0;
	int32_t ret;

	tk_begin("first_touch_two_vcpus_same_block");
	if (tk_plat.nr_vcpus < 2) {
		tk_fail("needs 2 vCPUs, the tree has %u", tk_plat.nr_vcpus);
		return;
	}
	ft_race.base = (uint32_t)m->base + FT_RACE_FIRST * FT_BLOCK;
	ft_race.blocks = (uint32_t)(m->size / FT_BLOCK) - FT_RACE_FIRST;
	guest_dsb();
	ret = guest_psci(PSCI_FN_CPU_ON, 1, (uint32_t)guest_secondary_entry,
			 TK_CTX_LIFECYCLE);
	if (ret != PSCI_SUCCESS) {
		tk_fail("CPU_ON(1) returned %d", (int)ret);
		return;
	}
	if (!ft_wait(&ft_race.ready, 1)) {
		ft_race_end();
		tk_fail("vCPU 1 did not start");
		return;
	}
	for (; i < ft_race.blocks; i++) {
		ft_race.go = i + 1;
		ft_race_touch(0, i);
		if (!ft_wait(&ft_race.done, i + 1))
			break;
		if (*(volatile uint32_t *)(uintptr_t)(ft_race.base +
						      (i + 1) * FT_BLOCK - 4) !=
			    ft_race_value(i) &&
		    !lost++)
			first_lost = i;
	}
	if (!ft_race_end())
		tk_fail("vCPU 1 still on after the race");
	else if (i < ft_race.blocks)
		tk_fail("vCPU 1 did not finish block %u", U(FT_RACE_FIRST + i));
	else if (ft_race.bad[0] || ft_race.bad[1] || lost)
		tk_fail("wrong reads: vCPU 0 %u (block %u), vCPU 1 %u (block "
			"%u); writes lost %u (block %u)", U(ft_race.bad[0]),
			U(FT_RACE_FIRST + ft_race.first_bad[0]),
			U(ft_race.bad[1]),
			U(FT_RACE_FIRST + ft_race.first_bad[1]), U(lost),
			U(FT_RACE_FIRST + first_lost));
	else
		tk_pass_note("%u blocks at 0x%08x, both vCPUs released at "
			     "once on each", U(ft_race.blocks),
			     U(ft_race.base));
}

static void first_touch(uint32_t boot)
{
	const struct guest_mem *m = ft_region();

	if (!m) {
		guest_printf("# lifecycle: first-touch needs a second region "
			     "of %u MiB or more\n", U(FT_MIN_BLOCKS * 2));
		return;
	}
	if (boot == 1) {
		ft_scribble(m);
		guest_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
		guest_printf("# lifecycle: still running after the round\n");
		return;
	}
	ft_check_console(m);
	ft_check_ram(m);
	ft_check_fetch(m);
	ft_check_race(m);
}

static void skew(uint32_t ticks)
{
	uint64_t until = guest_cntvct() + ticks;

	while (guest_cntvct() < until)
		;
}

/* vCPU 1 (PSCI CPU_ON, context id TK_CTX_LIFECYCLE): the SYSTEM_OFF side,
 * or in first-touch the race's second vCPU. */
void tk_lifecycle_secondary(void)
{
	if (lifecycle_is("first-touch"))
		ft_race_secondary();
	race_ready = 1;
	while (!race_go)
		;
	skew(race_go - 1);
	guest_psci(PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	guest_park(); /* the partition is going off or being reset */
}

static void race(uint32_t boot)
{
	uint64_t until = guest_cntvct() + (uint64_t)(guest_cntfrq() / 1000u) *
					       RACE_WAIT_MS;
	static const uint32_t skew_us[] = {0, 50, 1000, 10000};
	uint32_t skew_ticks;
	int32_t ret;

	if (tk_plat.nr_vcpus < 2) {
		guest_printf("# lifecycle: reset-off-race needs 2 vCPUs\n");
		return;
	}
	ret = guest_psci(PSCI_FN_CPU_ON, 1, (uint32_t)guest_secondary_entry,
			 TK_CTX_LIFECYCLE);
	if (ret != PSCI_SUCCESS) {
		guest_printf("# lifecycle: CPU_ON(1) returned %d\n", (int)ret);
		return;
	}
	while (!race_ready && guest_cntvct() < until)
		;
	if (!race_ready) {
		guest_printf("# lifecycle: vCPU 1 did not start\n");
		return;
	}
	/*
	 * Odd boots vCPU 1 waits, even boots vCPU 0 does: 0, 50 us, 1 or
	 * 10 ms, so that each side can come first (under a loaded QEMU
	 * another vCPU may take milliseconds to see a store).
	 */
	skew_ticks = skew_us[(boot / 2) % 4] * (guest_cntfrq() / 1000000u);
	race_go = 1 + (boot % 2 ? skew_ticks : 0);
	if (!(boot % 2))
		skew(skew_ticks);
	guest_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	guest_park();
}

void tk_lifecycle_mode(void)
{
	bool loop = lifecycle_is("reset-loop");
	bool off_race = lifecycle_is("reset-off-race");
	bool touch = lifecycle_is("first-touch");
	uint32_t boot;

	if (!loop && !off_race && !touch)
		return;
	boot = count_boot();
	guest_printf("# lifecycle: %s boot %u\n",
		     loop ? "reset-loop"
			  : (off_race ? "reset-off-race" : "first-touch"),
		     (unsigned)boot);
	if (touch) {
		first_touch(boot);
		return;
	}
	if (boot > LIFECYCLE_ROUNDS) {
		check_dt_area();
		return;
	}
	scribble_dt_area();
	if (off_race)
		race(boot);
	else
		guest_psci(PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	guest_printf("# lifecycle: still running after the round\n");
}
