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
 *                   one of at least 4 MiB: the last region without the
 *                   record) boot 1 writes a pattern into every 2 MiB block
 *                   of the allocated region and a line of text into one,
 *                   then SYSTEM_RESET. Boot 2, before anything else
 *                   touches that region: first_touch_console_write_zero
 *                   (HC_CONSOLE_WRITE of the text's 16 bytes takes all
 *                   16, and they read zero after), then
 *                   first_touch_ram_zero_after_reset (words at the start,
 *                   middle and end of every block read zero, one block
 *                   through an LDM: no syndrome). The hypervisor leaves
 *                   such blocks out of stage 2 at the reload and zeroes
 *                   them on their first touch (docs/architecture.md,
 *                   "Memory"); the system test also looks for the text
 *                   on the console and for "zero fill" exits.
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

/* The last region without the boot record: the allocated one. */
static const struct guest_mem *ft_region(void)
{
	uintptr_t r = (uintptr_t)rec();

	for (unsigned i = guest_plat.nr_mem; i-- > 0;) {
		const struct guest_mem *m = &guest_plat.mem[i];

		if (!(r >= m->base && r - m->base < m->size) &&
		    m->size >= 2 * FT_BLOCK)
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

static void ft_scribble(const struct guest_mem *m)
{
	char *text = (char *)(uintptr_t)((uint32_t)m->base + FT_BLOCK +
					 FT_TEXT_OFF);

	for (uint32_t b = 0; b < m->size / FT_BLOCK; b++)
		for (unsigned k = 0; k < 3; k++)
			*ft_word(m, b, k) = 0x5ec2e700u | (b & 0xff);
	/* Built here so that the image holds no copy the console could show. */
	memcpy(text, "STALE", 5);
	memcpy(text + 5, "-BEFORE-RESET\n", 11);
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
	uint32_t blocks = (uint32_t)(m->size / FT_BLOCK), dirty = 0, first = 0;
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
	for (uint32_t blk = 0; blk < blocks; blk++)
		for (unsigned k = 0; k < 3; k++)
			if (*ft_word(m, blk, k) && !dirty++)
				first = blk;
	if (dirty)
		tk_fail("%u nonzero word(s), the first in block %u at 0x%08x",
			U(dirty), U(first), U(*ft_word(m, first, 0)));
	else
		tk_pass_note("%u blocks of 2 MiB at 0x%08x read zero", U(blocks),
			     U(m->base));
}

static void first_touch(uint32_t boot)
{
	const struct guest_mem *m = ft_region();

	if (!m) {
		guest_printf("# lifecycle: first-touch needs a second region "
			     "of 4 MiB or more\n");
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
}

static void skew(uint32_t ticks)
{
	uint64_t until = guest_cntvct() + ticks;

	while (guest_cntvct() < until)
		;
}

/* vCPU 1 (PSCI CPU_ON, context id TK_CTX_LIFECYCLE): the SYSTEM_OFF side. */
void tk_lifecycle_secondary(void)
{
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
