/*
 * hostile.attack=fuzz: random exits from a seeded PRNG (xorshift32), for
 * hostile.seconds (3) or hostile.count operations, whichever ends first.
 * Given the seed the sequence of operations is the same on every run.
 *
 * Each operation is one of:
 *   gicd   a load or store of a random form (fuzz_access.S: sizes 1/2/4,
 *          LDRD/STRD, LDM/STM, writeback, exclusives, unprivileged) at a
 *          random offset of its distributor frame, unaligned ones included,
 *          or just outside it
 *   sgir   GICD_SGIR with a random target list, filter and SGI
 *   cp     a random MRC/MCR/MRRC/MCRR (coprocessors 15 and 14 mostly,
 *          10/11 and any other sometimes) built into a two-word stub and
 *          executed; writes that would wreck this guest's own MMU, caches
 *          or vectors are left out (cp_write_harmful)
 *   mmio   a random access form at a random address outside its RAM
 *          (and its GIC CPU interface): stage 2 aborts of every form
 *   hvc    a random function ID (PSCI, Tessera's hypercalls or anything)
 *          with random arguments: pointers, lengths, CPU_ON targets and
 *          entry points; calls that would end or suspend this vCPU or the
 *          partition are left out (call_ends_us)
 *   smc    the same through SMC
 *   wfi    WFI with the virtual timer due shortly, WFE after SEV
 * Expected exceptions (undefined instruction, data abort) are caught,
 * counted, and the fuzzer goes on. At the end it checks that the
 * hypercalls still answer, prints
 *   fuzz: N operations in M ms, seed S, faults F, undefined U
 * and powers its partition off.
 */
#include <string.h>

#include "hostile.h"

static unsigned rng;

static unsigned rnd(void)
{
	unsigned x = rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng = x;
}

static unsigned rnd_below(unsigned n) { return rnd() % n; }

enum op { OP_GICD, OP_SGIR, OP_CP, OP_MMIO, OP_HVC, OP_SMC, OP_WFI, OP_NR };
static const char *const op_name[OP_NR] = {
	"gicd", "sgir", "cp", "mmio", "hvc", "smc", "wfi",
};
/* out of 64 */
static const uint8_t op_weight[OP_NR] = { 16, 6, 16, 10, 10, 4, 2 };

static unsigned op_count[OP_NR], faults, undefs;
static bool console_dirty;

/* Runs fn(a, b, c, d) with an abort or undefined instruction expected. */
typedef uint32_t (*fn4)(uint32_t, uint32_t, uint32_t, uint32_t);

static unsigned guarded(fn4 fn, unsigned a, unsigned b, unsigned c,
			unsigned d)
{
	struct guest_caught got;
	unsigned v;

	guest_expect(EXPECT_DABT | EXPECT_UNDEF);
	v = fn(a, b, c, d);
	guest_expect_done(&got);
	if (got.type == EXC_DABT)
		faults++;
	else if (got.type == EXC_UNDEF)
		undefs++;
	return v;
}

static bool in_ram(unsigned a)
{
	return a >= guest_plat.mem_lo && a < guest_plat.mem_hi;
}

/* ------------------------------------------------------------- GIC */
static void op_gicd(void)
{
	unsigned sel = rnd_below(10), off, a;

	if (sel < 8)
		off = rnd_below(0x1000);
	else if (sel == 8)
		off = -1u - rnd_below(0x1000); /* just below the frame */
	else
		off = 0x2000 + rnd_below(0x1000); /* past the CPU interface */
	a = guest_plat.gicd + off;
	if (in_ram(a))
		return;
	guarded(fuzz_access[rnd_below(fuzz_access_count)], a, rnd(), 0, 0);
}

static uint32_t str_one(uint32_t a, uint32_t v, uint32_t c, uint32_t d)
{
	(void)c;
	(void)d;
	guest_st32(a, v);
	return 0;
}

static void op_sgir(void)
{
	unsigned v = (rnd_below(4) << 24) | ((rnd() & 0xff) << 16) |
		     (rnd() & 0x800fu);

	guarded(str_one, guest_plat.gicd + GICD_SGIR, v, 0, 0);
}

/* ------------------------------------------------------------ coprocessors */
/*
 * Whatever opc1 says: QEMU matches some registers with any opc1 or CRm
 * (DACR: MCR p15, 3, r0, c3, c5, 3 is a DACR write there).
 */
static bool cp_write_harmful(unsigned crn, unsigned crm, unsigned opc2)
{
	switch (crn) {
	case 1:
		return crm == 0 && opc2 == 0; /* SCTLR */
	case 2: /* TTBR0, TTBR1, TTBCR */
	case 3: /* DACR */
	case 10: /* PRRR, NMRR, AMAIRs, TLB lockdown */
		return true;
	case 7:
		return (crm == 6 && opc2 == 1) || /* DCIMVAC: drops dirty lines */
		       (crm == 0 && opc2 == 4);   /* CP15WFI: might never wake */
	case 12:
		return crm == 0 && opc2 == 0; /* VBAR */
	case 13:
		return crm == 0 && opc2 == 0; /* FCSEIDR */
	default:
		return false;
	}
}

/* The stub: the instruction, then BX LR. Only vCPU 0 fuzzes. */
static unsigned stub[2] __attribute__((aligned(32)));

static void stub_load(unsigned insn)
{
	uintptr_t s = (uintptr_t)stub;

	stub[0] = insn;
	stub[1] = 0xe12fff1eu; /* bx lr */
	/* ARM ARM B2.2.9: clean to PoU, invalidate the I-cache line, BP */
	guest_dcache_clean_range(s, s + sizeof(stub));
	CP15_WR(0, c7, c5, 1, s); /* ICIMVAU */
	CP15_WR(0, c7, c5, 6, 0); /* BPIALL */
	guest_dsb();
	guest_isb();
}

static unsigned rnd_coproc(void)
{
	unsigned r = rnd_below(20);

	if (r < 14)
		return 15;
	if (r < 17)
		return 14;
	if (r < 19)
		return 10 + (rnd() & 1);
	return rnd() & 15;
}

static void op_cp(void)
{
	unsigned cp = rnd_coproc(), wide = rnd_below(8) == 0, write = rnd() & 1;
	unsigned opc1, crn = rnd() & 15, crm = rnd() & 15, opc2 = rnd() & 7;
	unsigned insn;

	if (wide) {
		opc1 = rnd() & 15;
		/* TTBR0, TTBR1 */
		if (write && cp == 15 && crm == 2)
			return;
		insn = 0xec400000u | (!write << 20) | (1u << 16) | (cp << 8) |
		       (opc1 << 4) | crm; /* Rt = r0, Rt2 = r1 */
	} else {
		/* opc1 0 most often: most registers are there */
		opc1 = rnd_below(4) ? 0 : rnd() & 7;
		if (write && cp == 15 && cp_write_harmful(crn, crm, opc2))
			return;
		insn = 0xee000010u | (opc1 << 21) | (!write << 20) |
		       (crn << 16) | (cp << 8) | (opc2 << 5) | crm; /* Rt = r0 */
	}
	if (hostile_opts.trace)
		guest_printf("# fuzz: insn 0x%08x\n", insn);
	stub_load(insn);
	guarded((fn4)(uintptr_t)stub, rnd(), rnd(), 0, 0);

}

/* ------------------------------------------------------------ MMIO */
static void op_mmio(void)
{
	unsigned a = rnd();

	if (in_ram(a) || (a >= guest_plat.gicc && a < guest_plat.gicc + 0x2000))
		return;
	guarded(fuzz_access[rnd_below(fuzz_access_count)], a, rnd(), 0, 0);
}

/* ------------------------------------------------------------ calls */
/* PSCI calls that would stop, suspend or reset this vCPU or partition */
static bool call_ends_us(unsigned fn)
{
	if ((fn & 0xbfffff00u) != 0x84000000u) /* SMC32 and SMC64 PSCI */
		return false;
	switch (fn & 0xff) {
	case 0x01: /* CPU_SUSPEND */
	case 0x02: /* CPU_OFF */
	case 0x08: /* SYSTEM_OFF */
	case 0x09: /* SYSTEM_RESET */
	case 0x0b: /* CPU_FREEZE */
	case 0x0c: /* CPU_DEFAULT_SUSPEND */
	case 0x0e: /* SYSTEM_SUSPEND */
	case 0x12: /* SYSTEM_RESET2 */
		return true;
	default:
		return false;
	}
}

static unsigned rnd_fn(void)
{
	switch (rnd_below(4)) {
	case 0:
		return 0x84000000u | (rnd() & 0x4000001fu); /* PSCI */
	case 1:
		return 0x86000000u | (rnd() & 0xfu); /* Tessera */
	case 2:
		return PSCI_FN_CPU_ON;
	default:
		return rnd();
	}
}

/* An address: this guest's own entry point, just outside RAM or anything
 * but RAM (a vCPU started in RAM at random would scribble over it). */
static unsigned rnd_entry(void)
{
	unsigned a;

	switch (rnd_below(3)) {
	case 0:
		return (unsigned)guest_secondary_entry;
	case 1:
		return (unsigned)guest_plat.mem_hi + (rnd() & 0xffc);
	default:
		a = rnd();
		return in_ram(a) ? (unsigned)guest_secondary_entry : a;
	}
}

/* A pointer: anywhere, near the end of RAM (the tree: bytes the console
 * shows escaped) or in RAM. Lengths: small, large or 0xffffffff. */
static unsigned rnd_ptr(void)
{
	switch (rnd_below(16)) {
	case 0:
		return (unsigned)guest_plat.mem_hi - (rnd() & 0x3ff);
	case 1:
		return (unsigned)guest_plat.mem_lo + (rnd() & 0xffff);
	default:
		return rnd();
	}
}

static unsigned rnd_len(void)
{
	switch (rnd_below(4)) {
	case 0:
		return rnd() & 0x3f;
	case 1:
		return 0xffffffffu;
	default:
		return rnd();
	}
}

static void op_call(bool smc)
{
	unsigned fn = rnd_fn(), a1 = rnd(), a2 = rnd(), a3 = rnd();

	if (call_ends_us(fn))
		return;
	if (fn == PSCI_FN_CPU_ON || fn == (PSCI_FN_CPU_ON | 0x40000000u)) {
		a1 = rnd_below(4) ? rnd_below(4) : a1; /* target */
		a2 = rnd_entry();
		a3 &= ~1u; /* not the race's context */
	} else if (fn == HC_CONSOLE_WRITE) {
		a1 = rnd_ptr();
		a2 = rnd_len();
	} else if (fn == PSCI_FN_AFFINITY_INFO) {
		a1 = rnd_below(2) ? rnd_below(8) : a1;
	}
	if ((int)guarded(smc ? guest_smc : guest_hvc, fn, a1, a2, a3) > 0 &&
	    fn == HC_CONSOLE_WRITE)
		console_dirty = true;
}

/* Ends a line the fuzzer's own HC_CONSOLE_WRITE left open, so that the
 * next line starts with the partition's name and its text. */
static void console_newline(void)
{
	if (console_dirty)
		guest_printf("\n");
	console_dirty = false;
}

/* ------------------------------------------------------------ WFI/WFE */
static void op_wfi(void)
{
	unsigned vt = guest_plat.vtimer_irq;
	unsigned i, iar;

	if (rnd() & 1) {
		guest_sev();
		guest_wfe();
		return;
	}
	/* whatever the fuzzer did to its GIC, the timer must wake the WFI */
	gicd_wr(GICD_CTLR, GICD_CTLR_ENABLE);
	guest_gic_set_priority(vt, 0x80);
	guest_gic_enable(vt);
	gicc_wr(GICC_PMR, 0xff);
	gicc_wr(GICC_CTLR, 1);
	for (i = 0; i < 64 && ((iar = gicc_rd(GICC_IAR)) & 0x3ff) < 1020; i++)
		gicc_wr(GICC_EOIR, iar);
	CP15_WR(0, c14, c3, 0, (unsigned)hostile_ms_to_ticks(1)); /* CNTV_TVAL */
	CP15_WR(0, c14, c3, 1, 1);                                 /* CNTV_CTL */
	guest_isb();
	guest_wfi();
	CP15_WR(0, c14, c3, 1, 2); /* IMASK */
	guest_isb();
	for (i = 0; i < 64 && ((iar = gicc_rd(GICC_IAR)) & 0x3ff) < 1020; i++)
		gicc_wr(GICC_EOIR, iar);
}

/* ------------------------------------------------------------ the run */
static enum op pick(void)
{
	unsigned r = rnd_below(64), i;

	for (i = 0; i < OP_NR; i++) {
		if (r < op_weight[i])
			return (enum op)i;
		r -= op_weight[i];
	}
	return OP_GICD;
}

uint32_t thumb_mmio_probe(uint32_t addr, uint32_t out[3]);

/* Thumb loads of GICD_TYPER: 16-bit, 32-bit, in an IT block (exact skip) */
static void thumb_probe(void)
{
	uint32_t out[3] = { 0, 0, 0 }, typer = gicd_rd(GICD_TYPER);
	unsigned marks = thumb_mmio_probe(guest_plat.gicd + GICD_TYPER, out);

	hostile_note("fuzz: Thumb loads of GICD_TYPER 0x%08lx: 0x%08lx 0x%08lx "
		     "0x%08lx, markers %u (23: each access skipped exactly)",
		     (unsigned long)typer, (unsigned long)out[0],
		     (unsigned long)out[1], (unsigned long)out[2], marks);
	hostile_ok(marks == 23 && out[0] == typer && out[1] == typer &&
			   out[2] == typer,
		   "thumb_mmio_exact_skip");
}

void attack_fuzz(void)
{
	unsigned secs = hostile_opts.seconds ? hostile_opts.seconds : 3;
	uint64_t start, end, next_note;
	unsigned n = 0, ms, v, info, i;
	enum op op;

	rng = hostile_opts.seed ? hostile_opts.seed : 1;
	guest_gic_init(guest_plat.gicd, guest_plat.gicc);
	thumb_probe();
	guest_printf("# fuzz: seed %u, %u s or %u operations\n",
		     hostile_opts.seed, secs, hostile_opts.count);
	start = guest_cntvct();
	end = start + hostile_ms_to_ticks(secs * 1000u);
	next_note = start + hostile_ms_to_ticks(1000);
	while (n < hostile_opts.count && guest_cntvct() < end) {
		op = pick();
		op_count[op]++;
		n++;
		if (hostile_opts.trace)
			guest_printf("# fuzz: %u %s rng 0x%08x f %u u %u\n", n,
				     op_name[op], rng, faults, undefs);
		switch (op) {
		case OP_GICD:
			op_gicd();
			break;
		case OP_SGIR:
			op_sgir();
			break;
		case OP_CP:
			op_cp();
			break;
		case OP_MMIO:
			op_mmio();
			break;
		case OP_HVC:
		case OP_SMC:
			op_call(op == OP_SMC);
			break;
		default:
			op_wfi();
			break;
		}
		if (guest_cntvct() >= next_note) {
			console_newline();
			guest_printf("# fuzz: %u operations\n", n);
			next_note += hostile_ms_to_ticks(1000);
		}
	}
	ms = (unsigned)(guest_ticks_to_us(guest_cntvct() - start) / 1000u);
	console_newline();
	CP15_WR(0, c14, c3, 1, 2); /* virtual timer masked */
	CP15_WR(0, c14, c2, 1, 2); /* physical timer masked */
	guest_printf("fuzz: %u operations in %u ms, seed %u, faults %u, "
		     "undefined %u\n", n, ms, hostile_opts.seed, faults, undefs);
	guest_printf("# fuzz:");
	for (i = 0; i < OP_NR; i++)
		guest_printf(" %s %u", op_name[i], op_count[i]);
	guest_printf("\n");
	/* the hypervisor still answers as before */
	v = guest_hvc(HC_VERSION, 0, 0, 0);
	info = guest_hvc(HC_VCPU_INFO, 0, 0, 0);
	hostile_note("after the fuzz: HC_VERSION 0x%08x, HC_VCPU_INFO "
		     "%u", v, info);
	hostile_ok(v == HC_VERSION_VALUE, "hypercalls_answer_after_fuzz");
	hostile_ok(info == 0, "vcpu_info_after_fuzz");
}
