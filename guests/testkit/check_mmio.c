/*
 * MMIO emulation through the hypervisor's test device (core/testdev.h).
 *
 * Every access is one explicit ARM load/store (immediate offset, no
 * write-back, so the abort syndrome is valid) whose data register is fixed
 * per access (r4, r9, r12), so the compiler can neither merge, split nor
 * widen accesses, and the hypervisor must pick the right register (SRT).
 * Loads start with 0xdeadbeef in the register, so a load that leaves bits
 * behind shows. Each access is guarded: a data abort is reported in the
 * check's line instead of ending the run.
 */
#include "testkit.h"

_Static_assert(TESTDEV_ID == 0x00 && TESTDEV_SCRATCH == 0x04 &&
		       TESTDEV_WRITES == 0x08 && TESTDEV_LAST_SIZE == 0x0c &&
		       TESTDEV_LAST_VALUE == 0x10 &&
		       TESTDEV_LAST_OFFSET == 0x14 && TESTDEV_NEGATIVE == 0x18 &&
		       TESTDEV_NEGATIVE_VALUE == 0x80018080u,
	       "the offsets below are written out in the instructions");

#define U(x) ((unsigned)(x))
#define STR_(x) #x
#define XSTR(x) STR_(x)

#define MMIO_LD(insn, reg, base, off)                                          \
	({                                                                     \
		register uint32_t v_ __asm__(reg) = 0xdeadbeefu;               \
		__asm__ volatile(insn " %0, [%1, #" XSTR(off) "]"              \
				 : "+r"(v_)                                    \
				 : "r"(base)                                   \
				 : "memory");                                  \
		v_;                                                            \
	})

#define MMIO_ST(insn, reg, base, off, val)                                     \
	do {                                                                   \
		register uint32_t v_ __asm__(reg) = (val);                     \
		__asm__ volatile(insn " %0, [%1, #" XSTR(off) "]"              \
				 :                                             \
				 : "r"(v_), "r"(base)                          \
				 : "memory");                                  \
	} while (0)

/* The first data abort a check's accesses took */
static bool faulted;
static struct guest_caught fault;

#define GUARD(stmt)                                                            \
	do {                                                                   \
		struct guest_caught c_;                                        \
		guest_expect(EXPECT_DABT);                                     \
		stmt;                                                          \
		guest_expect_done(&c_);                                        \
		if (c_.type >= 0 && !faulted) {                                \
			faulted = true;                                        \
			fault = c_;                                            \
		}                                                              \
	} while (0)

static uint32_t base;

static void begin(const char *name, struct tk_diag *d)
{
	tk_begin(name);
	tk_diag_init(d);
	faulted = false;
}

static void end(struct tk_diag *d)
{
	if (faulted)
		tk_diag_add(d, "data abort at 0x%08x (DFAR 0x%08x, DFSR 0x%08x)",
			    U(fault.pc), U(fault.far), U(fault.fsr));
	tk_report(d);
}

static void expect_eq(struct tk_diag *d, const char *what, uint32_t got,
		      uint32_t want)
{
	if (got != want)
		tk_diag_add(d, "%s = 0x%08x, expected 0x%08x", what, U(got),
			    U(want));
}

static void mmio_read32_id(void)
{
	struct tk_diag d;
	uint32_t v = 0;

	begin("mmio_read32_id", &d);
	GUARD(v = MMIO_LD("ldr", "r4", base, 0x00));
	expect_eq(&d, "ldr r4, ID", v, TESTDEV_ID_VALUE);
	end(&d);
}

static void mmio_write32_readback(void)
{
	struct tk_diag d;
	uint32_t v = 0, size = 0, last = 0, off = 0;

	begin("mmio_write32_readback", &d);
	GUARD(MMIO_ST("str", "r9", base, 0x04, 0xa5a55a5au));
	GUARD(v = MMIO_LD("ldr", "r12", base, 0x04));
	GUARD(size = MMIO_LD("ldr", "r4", base, 0x0c));
	GUARD(last = MMIO_LD("ldr", "r9", base, 0x10));
	GUARD(off = MMIO_LD("ldr", "r12", base, 0x14));
	expect_eq(&d, "SCRATCH", v, 0xa5a55a5au);
	expect_eq(&d, "LAST_SIZE", size, 4);
	expect_eq(&d, "LAST_VALUE", last, 0xa5a55a5au);
	expect_eq(&d, "LAST_OFFSET", off, TESTDEV_SCRATCH);
	end(&d);
}

static void mmio_write8_lane(void)
{
	struct tk_diag d;
	uint32_t v = 0, size = 0, last = 0, off = 0;

	begin("mmio_write8_lane", &d);
	GUARD(MMIO_ST("str", "r4", base, 0x04, 0x11223344u));
	/* Only the low byte of r12 is stored */
	GUARD(MMIO_ST("strb", "r12", base, 0x05, 0x5a5a5aabu));
	GUARD(size = MMIO_LD("ldr", "r9", base, 0x0c));
	GUARD(last = MMIO_LD("ldr", "r4", base, 0x10));
	GUARD(off = MMIO_LD("ldr", "r12", base, 0x14));
	GUARD(v = MMIO_LD("ldr", "r9", base, 0x04));
	expect_eq(&d, "LAST_SIZE", size, 1);
	expect_eq(&d, "LAST_VALUE", last, 0xab);
	expect_eq(&d, "LAST_OFFSET", off, TESTDEV_SCRATCH + 1);
	expect_eq(&d, "SCRATCH", v, 0x1122ab44u);
	end(&d);
}

static void mmio_write16_lane(void)
{
	struct tk_diag d;
	uint32_t v = 0, size = 0, last = 0, off = 0;

	begin("mmio_write16_lane", &d);
	GUARD(MMIO_ST("str", "r12", base, 0x04, 0x11223344u));
	/* Only the low halfword of r9 is stored */
	GUARD(MMIO_ST("strh", "r9", base, 0x06, 0x1234beefu));
	GUARD(size = MMIO_LD("ldr", "r4", base, 0x0c));
	GUARD(last = MMIO_LD("ldr", "r12", base, 0x10));
	GUARD(off = MMIO_LD("ldr", "r9", base, 0x14));
	GUARD(v = MMIO_LD("ldr", "r4", base, 0x04));
	expect_eq(&d, "LAST_SIZE", size, 2);
	expect_eq(&d, "LAST_VALUE", last, 0xbeef);
	expect_eq(&d, "LAST_OFFSET", off, TESTDEV_SCRATCH + 2);
	expect_eq(&d, "SCRATCH", v, 0xbeef3344u);
	end(&d);
}

/* NEGATIVE (0x18) = 0x80018080: bytes 80 80 01 80, halfwords 8080 8001 */
static void mmio_ldrb(void)
{
	struct tk_diag d;
	uint32_t v = 0;

	begin("mmio_ldrb", &d);
	GUARD(v = MMIO_LD("ldrb", "r9", base, 0x18));
	expect_eq(&d, "ldrb r9, NEGATIVE", v, 0x80);
	end(&d);
}

static void mmio_ldrh(void)
{
	struct tk_diag d;
	uint32_t v = 0;

	begin("mmio_ldrh", &d);
	GUARD(v = MMIO_LD("ldrh", "r12", base, 0x18));
	expect_eq(&d, "ldrh r12, NEGATIVE", v, 0x8080);
	end(&d);
}

static void mmio_ldrsb_sign_extends(void)
{
	struct tk_diag d;
	uint32_t v = 0;

	begin("mmio_ldrsb_sign_extends", &d);
	GUARD(v = MMIO_LD("ldrsb", "r4", base, 0x18));
	expect_eq(&d, "ldrsb r4, NEGATIVE", v, 0xffffff80u);
	end(&d);
}

static void mmio_ldrsh_sign_extends(void)
{
	struct tk_diag d;
	uint32_t v = 0;

	begin("mmio_ldrsh_sign_extends", &d);
	GUARD(v = MMIO_LD("ldrsh", "r9", base, 0x1a));
	expect_eq(&d, "ldrsh r9, NEGATIVE+2", v, 0xffff8001u);
	end(&d);
}

static void mmio_write_count(void)
{
	struct tk_diag d;
	uint32_t w0 = 0, w1 = 0;

	begin("mmio_write_count", &d);
	GUARD(w0 = MMIO_LD("ldr", "r4", base, 0x08));
	GUARD(MMIO_ST("str", "r9", base, 0x04, 0x01020304u));
	GUARD(MMIO_ST("strb", "r12", base, 0x07, 0x99u));
	GUARD(MMIO_ST("strh", "r4", base, 0x04, 0x7777u));
	GUARD(w1 = MMIO_LD("ldr", "r12", base, 0x08));
	if (w1 - w0 != 3)
		tk_diag_add(&d, "WRITES went from %u to %u after 3 writes",
			    U(w0), U(w1));
	end(&d);
}

static void mmio_ro_write_ignored(void)
{
	struct tk_diag d;
	uint32_t w0 = 0, w1 = 0, id = 0, off = 0;

	begin("mmio_ro_write_ignored", &d);
	GUARD(w0 = MMIO_LD("ldr", "r9", base, 0x08));
	GUARD(MMIO_ST("str", "r12", base, 0x00, 0x12345678u));
	GUARD(id = MMIO_LD("ldr", "r4", base, 0x00));
	GUARD(w1 = MMIO_LD("ldr", "r9", base, 0x08));
	GUARD(off = MMIO_LD("ldr", "r12", base, 0x14));
	expect_eq(&d, "ID after writing 0x12345678 to it", id,
		  TESTDEV_ID_VALUE);
	if (w1 - w0 != 1)
		tk_diag_add(&d, "WRITES went from %u to %u after 1 write",
			    U(w0), U(w1));
	expect_eq(&d, "LAST_OFFSET", off, TESTDEV_ID);
	end(&d);
}

void tk_check_mmio(void)
{
	if (!tk_plat.has_testdev) {
		tk_begin("mmio_test_device");
		tk_fail("no test-device in the device tree");
		return;
	}
	base = tk_plat.testdev;
	mmio_read32_id();
	mmio_write32_readback();
	mmio_write8_lane();
	mmio_write16_lane();
	mmio_ldrb();
	mmio_ldrh();
	mmio_ldrsb_sign_extends();
	mmio_ldrsh_sign_extends();
	mmio_write_count();
	mmio_ro_write_ignored();
}
