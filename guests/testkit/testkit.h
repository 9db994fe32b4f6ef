/*
 * testkit: the bare-metal test guest. Shared constants (also used by the
 * assembly files and the linker script) and the runtime's interfaces.
 *
 * Everything here is built ARM state (-marm), soft-float; only vfp.S touches
 * VFP/NEON registers.
 */
#ifndef TESTKIT_H
#define TESTKIT_H

#define TK_MAX_VCPUS 8 /* vCPUs the kit has stacks for (MPIDR.Aff0 < 8) */
#define TK_MAX_MEM 8   /* memory regions read from the device tree */
#define TK_MAX_PROBES 8 /* testkit.probe= addresses */
/* PSCI CPU_ON context id of a secondary started as an interrupt worker
 * (irq.c): TK_CTX_WORKER + vCPU index. check_smp.c uses 0x1000 + index. */
#define TK_CTX_WORKER 0x2000
/* mode_lifecycle.c starts vCPU 1 for its SYSTEM_OFF side with this one. */
#define TK_CTX_LIFECYCLE 0x3000

/*
 * Per-vCPU stack slot (32 KB), indexed by MPIDR.Aff0. Stacks grow down from
 * the *_TOP offsets: FIQ [0, 4K), IRQ [4K, 8K), UND [8K, 12K), ABT [12K, 16K),
 * SVC [16K, 32K).
 */
#define TK_STACK_SLOT_SHIFT 15
#define TK_STACK_SLOT_SIZE (1 << TK_STACK_SLOT_SHIFT)
#define TK_STACK_FIQ_TOP 0x1000
#define TK_STACK_IRQ_TOP 0x2000
#define TK_STACK_UND_TOP 0x3000
#define TK_STACK_ABT_TOP 0x4000
#define TK_STACK_SVC_TOP 0x8000

/* PSR */
#define TK_PSR_MODE_MASK 0x1f
#define TK_PSR_MODE_USR 0x10
#define TK_PSR_MODE_FIQ 0x11
#define TK_PSR_MODE_IRQ 0x12
#define TK_PSR_MODE_SVC 0x13
#define TK_PSR_MODE_MON 0x16
#define TK_PSR_MODE_ABT 0x17
#define TK_PSR_MODE_HYP 0x1a
#define TK_PSR_MODE_UND 0x1b
#define TK_PSR_MODE_SYS 0x1f
#define TK_PSR_T (1 << 5)
#define TK_PSR_F (1 << 6)
#define TK_PSR_I (1 << 7)
#define TK_PSR_A (1 << 8)

/* SCTLR */
#define TK_SCTLR_M (1 << 0)
#define TK_SCTLR_A (1 << 1)
#define TK_SCTLR_C (1 << 2)
#define TK_SCTLR_Z (1 << 11)
#define TK_SCTLR_I (1 << 12)
#define TK_SCTLR_V (1 << 13)
#define TK_SCTLR_TRE (1 << 28)
#define TK_SCTLR_AFE (1 << 29)
#define TK_SCTLR_TE (1 << 30)

/* TTBR0 walk attributes: inner/outer WB-WA, inner shareable (as Linux) */
#define TK_TTBR_FLAGS 0x6a

/* Exception types: the vector index */
#define TK_EXC_RESET 0
#define TK_EXC_UNDEF 1
#define TK_EXC_SVC 2
#define TK_EXC_PABT 3
#define TK_EXC_DABT 4
#define TK_EXC_UNUSED 5
#define TK_EXC_IRQ 6
#define TK_EXC_FIQ 7

/*
 * The few call numbers the assembly needs, without the C 'u' suffix;
 * runtime.c checks them against core/include/core/{hypercall,psci}.h.
 */
#define TK_HC_CONSOLE_WRITE 0x86000001
#define TK_PSCI_SYSTEM_OFF 0x84000008

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The guest ABI, as docs/hypercalls.md and core/include/core/{hypercall,
 * psci,testdev}.h define it. Copied rather than included: those headers
 * belong to the hypervisor's build and declare its internals too.
 */
#define HC_VERSION 0x86000000u
#define HC_CONSOLE_WRITE 0x86000001u
#define HC_NULL 0x86000002u
#define HC_VCPU_INFO 0x86000003u
#define HC_VERSION_VALUE 0x00010000u
#define HC_NOT_SUPPORTED (-1)
#define HC_INVALID_ADDRESS (-9)

#define PSCI_FN_VERSION 0x84000000u
#define PSCI_FN_CPU_SUSPEND 0x84000001u
#define PSCI_FN_CPU_OFF 0x84000002u
#define PSCI_FN_CPU_ON 0x84000003u
#define PSCI_FN_AFFINITY_INFO 0x84000004u
#define PSCI_FN_SYSTEM_OFF 0x84000008u
#define PSCI_FN_SYSTEM_RESET 0x84000009u
#define PSCI_FN_FEATURES 0x8400000au
#define PSCI_VERSION_1_0 0x00010000u
#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_ALREADY_ON (-4)
#define PSCI_NOT_PRESENT (-7)
#define PSCI_INVALID_ADDRESS (-9)
#define PSCI_AFF_ON 0
#define PSCI_AFF_OFF 1

/* MMIO test device registers (offsets) */
#define TESTDEV_ID 0x00          /* RO 0x54535444 "TSTD" */
#define TESTDEV_SCRATCH 0x04     /* RW, byte/halfword lanes */
#define TESTDEV_WRITES 0x08      /* RO, writes accepted */
#define TESTDEV_LAST_SIZE 0x0c   /* RO, 1/2/4 */
#define TESTDEV_LAST_VALUE 0x10  /* RO, zero-extended */
#define TESTDEV_LAST_OFFSET 0x14 /* RO */
#define TESTDEV_NEGATIVE 0x18    /* RO 0x80018080 */
#define TESTDEV_ID_VALUE 0x54535444u
#define TESTDEV_NEGATIVE_VALUE 0x80018080u

/* ---------------------------------------------------------------- CPU */
#define tk_dsb() __asm__ volatile("dsb sy" ::: "memory")
#define tk_dmb() __asm__ volatile("dmb sy" ::: "memory")
#define tk_isb() __asm__ volatile("isb" ::: "memory")
#define tk_wfi() __asm__ volatile("wfi" ::: "memory")
#define tk_wfe() __asm__ volatile("wfe" ::: "memory")
#define tk_sev() __asm__ volatile("sev" ::: "memory")
#define tk_barrier() __asm__ volatile("" ::: "memory")

#define TK_CP15_RD(op1, crn, crm, op2)                                         \
	({                                                                     \
		uint32_t v_;                                                   \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm      \
				 ", " #op2                                     \
				 : "=r"(v_)                                    \
				 :                                             \
				 : "memory");                                  \
		v_;                                                            \
	})
#define TK_CP15_WR(op1, crn, crm, op2, val)                                    \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2   \
			 :                                                     \
			 : "r"((uint32_t)(val))                                \
			 : "memory")

static inline uint32_t tk_read_cpsr(void)
{
	uint32_t v;
	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline uint32_t tk_read_mpidr(void) { return TK_CP15_RD(0, c0, c0, 5); }
static inline uint32_t tk_read_sctlr(void) { return TK_CP15_RD(0, c1, c0, 0); }
static inline uint32_t tk_read_ttbr0(void) { return TK_CP15_RD(0, c2, c0, 0); }
static inline unsigned tk_cpu_index(void) { return tk_read_mpidr() & 0xff; }

/*
 * Single accesses that may fault: always exactly one ARM LDR/STR, never
 * merged or split, followed by a NOP so that an exception return that is one
 * instruction late skips only that. *pc gets the access's address, to compare
 * with where the exception said it happened.
 */
static inline uint32_t tk_ld32_pc(uint32_t addr, uint32_t *pc)
{
	uint32_t v = 0xdeadbeefu, at;

	__asm__ volatile("adr %1, 1f\n"
			 "1:\tldr %0, [%2]\n"
			 "\tnop"
			 : "+r"(v), "=&r"(at)
			 : "r"(addr)
			 : "memory");
	*pc = at;
	return v;
}

static inline void tk_st32_pc(uint32_t addr, uint32_t v, uint32_t *pc)
{
	uint32_t at;

	__asm__ volatile("adr %0, 1f\n"
			 "1:\tstr %1, [%2]\n"
			 "\tnop"
			 : "=&r"(at)
			 : "r"(v), "r"(addr)
			 : "memory");
	*pc = at;
}

static inline uint32_t tk_ld32(uint32_t addr)
{
	uint32_t pc;

	return tk_ld32_pc(addr, &pc);
}

static inline void tk_st32(uint32_t addr, uint32_t v)
{
	uint32_t pc;

	tk_st32_pc(addr, v, &pc);
}

/* Generic timer (virtual) */
static inline uint32_t tk_cntfrq(void) { return TK_CP15_RD(0, c14, c0, 0); }

static inline uint64_t tk_cntvct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14"
			 : "=r"(lo), "=r"(hi)
			 :
			 : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline void tk_cntv_cval_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14"
			 :
			 : "r"((uint32_t)v), "r"((uint32_t)(v >> 32))
			 : "memory");
}

/* The physical counter (guests may read it: CNTHCTL.PL1PCTEN). */
static inline uint64_t tk_cntpct(void)
{
	uint32_t lo, hi;
	__asm__ volatile("isb\n\tmrrc p15, 0, %0, %1, c14"
			 : "=r"(lo), "=r"(hi)
			 :
			 : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t tk_cntv_cval_read(void)
{
	uint32_t lo, hi;
	__asm__ volatile("mrrc p15, 3, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t tk_cntv_ctl_read(void)
{
	return TK_CP15_RD(0, c14, c3, 1);
}

static inline void tk_cntv_ctl_write(uint32_t v) { TK_CP15_WR(0, c14, c3, 1, v); }

/* The physical EL1 timer (the guest's own: CNTHCTL.PL1PCEN). */
static inline void tk_cntp_cval_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 2, %0, %1, c14"
			 :
			 : "r"((uint32_t)v), "r"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t tk_cntp_cval_read(void)
{
	uint32_t lo, hi;
	__asm__ volatile("mrrc p15, 2, %0, %1, c14" : "=r"(lo), "=r"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint32_t tk_cntp_ctl_read(void)
{
	return TK_CP15_RD(0, c14, c2, 1);
}

static inline void tk_cntp_ctl_write(uint32_t v)
{
	TK_CP15_WR(0, c14, c2, 1, v);
}

static inline uint32_t tk_cntp_tval_read(void)
{
	return TK_CP15_RD(0, c14, c2, 0);
}

static inline void tk_cntp_tval_write(uint32_t v)
{
	TK_CP15_WR(0, c14, c2, 0, v);
}

/* ---------------------------------------------------------------- calls.S */
/* HVC #0 / SMC #0 with the function ID in r0 and arguments in r1-r3. */
uint32_t tk_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
uint32_t tk_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);

static inline int32_t tk_psci(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	return (int32_t)tk_hvc(fn, a1, a2, a3);
}

/* ---------------------------------------------------------------- start.S */
extern char _start[], _end[], __bss_start[], __bss_end[];
extern char tk_vectors[];
void tk_secondary_entry(void); /* CPU_ON entry point; not callable from C */
void tk_park(void) __attribute__((noreturn));
void tk_mmu_enable(uint32_t ttbr0);  /* TLB/I-cache invalidate, M|C|I on */
void tk_mmu_switch(uint32_t ttbr0);  /* MMU on: new TTBR0, TLB invalidate */
/* Reads SP and LR of PL1 mode `mode` (USR reads SYS) into out[0], out[1]. */
void tk_read_banked(uint32_t mode, uint32_t out[2]);

/* Entry from start.S: never return */
void tk_primary_main(uint32_t dtb, uint32_t cpsr, uint32_t r0, uint32_t r1)
	__attribute__((noreturn));
void tk_secondary_main(uint32_t ctx, uint32_t cpsr, uint32_t sctlr,
		       uint32_t mpidr) __attribute__((noreturn));

/* ---------------------------------------------------------------- vfp.S */
void tk_vfp_enable(void); /* CPACR cp10/cp11 full access, FPEXC.EN */
/*
 * Loads d0-d31 from in[] and FPSCR from fpscr, reads FPSCR back into
 * fpscr_out[0], calls fn(arg) (soft-float code: it leaves the VFP registers
 * alone), then stores d0-d31 into out[] and FPSCR into fpscr_out[1].
 */
void tk_vfp_run(const uint64_t in[32], uint64_t out[32], uint32_t fpscr,
		uint32_t fpscr_out[2], void (*fn)(void *), void *arg);

/* ---------------------------------------------------------------- platform */
struct tk_mem {
	uint64_t base, size;
};

struct tk_platform {
	uint32_t dtb;
	unsigned nr_vcpus;      /* /cpus/cpu@N nodes (capped at TK_MAX_VCPUS) */
	unsigned nr_cpu_nodes;  /* as found */
	unsigned nr_mem;
	struct tk_mem mem[TK_MAX_MEM];
	uint64_t mem_lo, mem_hi; /* lowest base, highest end */
	bool has_testdev;
	uint32_t testdev, testdev_size;
	bool has_bootargs;
	char bootargs[256];
	unsigned nr_probes;
	uint32_t probes[TK_MAX_PROBES];
	bool finish_reset;      /* testkit.finish=reset: SYSTEM_RESET at the end */
	char psci_method[16];
	/* Interrupt hardware, from the tree (see dt.c); *_why says what is
	 * missing when has_* is false. */
	bool has_gic;           /* compatible "arm,cortex-a15-gic" */
	uint32_t gicd, gicc;    /* its first two reg entries */
	char gic_why[96];
	bool has_vtimer;        /* "arm,armv7-timer", third interrupt (virtual) */
	unsigned vtimer_irq;    /* INTID */
	bool has_ptimer;        /* same node, second interrupt (physical) */
	unsigned ptimer_irq;    /* INTID */
	char timer_why[96];
	bool has_uart;          /* "arm,pl011" */
	uint32_t uart;
	unsigned uart_irq;      /* INTID; 0 when the node has no usable one */
	char uart_why[96];
	bool uart_rx;           /* testkit.uart-rx: run uart_rx_interrupt */
	/* A second "arm,pl011" node, not at the console's address: a physical
	 * UART passed through (testkit.passthrough-uart). */
	bool pt_uart_run;       /* testkit.passthrough-uart in bootargs */
	bool has_pt_uart;
	uint32_t pt_uart;
	unsigned pt_uart_irq;   /* INTID; 0 when the node has no usable one */
	char pt_uart_why[96];
	/* A PL031 RTC ("arm,pl031") passed through (testkit.passthrough-rtc). */
	bool pt_rtc_run;        /* testkit.passthrough-rtc in bootargs */
	bool has_pt_rtc;
	uint32_t pt_rtc;
	unsigned pt_rtc_irq;    /* INTID; 0 when the node has no usable one */
	char pt_rtc_why[96];
	int mode;               /* testkit.mode=: TK_MODE_* */
};

#define TK_MODE_NONE 0
#define TK_MODE_SGI_FLOOD 1     /* testkit.mode=sgi-flood */
#define TK_MODE_TIMER_LATENCY 2 /* testkit.mode=timer-latency */
#define TK_MODE_BENCH 3         /* testkit.mode=bench (modes.c also reads
				   the word from bootargs itself) */
#define TK_MODE_CONSOLE_FLOOD 4 /* testkit.mode=console-flood */

extern struct tk_platform tk_plat;

/* Entry state of the boot vCPU, as start.S found it. */
struct tk_boot {
	uint32_t cpsr, r0, r1, dtb;
	unsigned cpu; /* MPIDR.Aff0 of the boot vCPU */
};
extern struct tk_boot tk_boot;
/* CNTVCT as start.S read it, first thing at the boot vCPU's entry. */
extern uint64_t tk_entry_cntvct;

/* dt.c: fills p from the tree at fdt. Returns 0, or -1 with a reason. */
int tk_dt_parse(const void *fdt, struct tk_platform *p, char *why,
		size_t whylen);
bool tk_in_memory(uint64_t addr);   /* inside one of the memory regions? */
bool tk_in_testdev(uint64_t addr);

/* mmu.c */
void tk_mmu_boot(uint32_t dtb);     /* MMU off -> on with the boot table */
int tk_mmu_boot_map_dtb(uint32_t dtb, uint32_t size);
void tk_mmu_final(void);            /* switch to the final table */
extern uint32_t tk_l1[4096];
extern uint32_t tk_alias_va;        /* the extra 1 MB alias section */
extern volatile uint32_t tk_alias_buf[16];
uint32_t tk_alias_of(const volatile void *p); /* alias VA of a RAM address */
void tk_dcache_clean_range(uintptr_t start, uintptr_t end);
void tk_dcache_clean_inv_range(uintptr_t start, uintptr_t end);

/* ---------------------------------------------------------------- runtime */
void tk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One check: tk_begin() names it, then exactly one of the reporters. */
void tk_begin(const char *name);
void tk_pass(void);
/* ok N - <name> # <note> */
void tk_pass_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tk_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Collects problems; tk_report() passes the check if there were none. */
struct tk_diag {
	unsigned n;
	size_t len;
	char buf[232];
};
void tk_diag_init(struct tk_diag *d);
void tk_diag_add(struct tk_diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tk_report(const struct tk_diag *d);

/* Prints the summary line, then PSCI SYSTEM_OFF (or SYSTEM_RESET with
 * testkit.finish=reset in bootargs). */
void tk_finish(void) __attribute__((noreturn));

/*
 * Expected exceptions. tk_expect(mask) arms this vCPU to catch one exception
 * of the types in mask (1 << TK_EXC_*) taken from ARM state; the handler
 * records it and resumes after the faulting instruction. tk_expect_done()
 * disarms and returns what was caught (type -1: nothing).
 */
struct tk_caught {
	int type;
	uint32_t pc;  /* the faulting instruction */
	uint32_t far; /* DFAR or IFAR */
	uint32_t fsr; /* DFSR or IFSR */
};
#define TK_EXPECT_DABT (1u << TK_EXC_DABT)
#define TK_EXPECT_PABT (1u << TK_EXC_PABT)
#define TK_EXPECT_UNDEF (1u << TK_EXC_UNDEF)
void tk_expect(uint32_t mask);
void tk_expect_done(struct tk_caught *c);
const char *tk_exc_name(int type);

/* The register frame start.S builds on an exception. */
struct tk_frame {
	uint32_t spsr, pad;
	uint32_t r[13];
	uint32_t pc; /* the faulting / interrupted instruction */
};
void tk_exception(unsigned type, struct tk_frame *f);
/* An unexpected exception on secondary vCPU cpu: record it, CPU_OFF. */
void tk_secondary_unexpected(unsigned cpu, const char *what)
	__attribute__((noreturn));

/* Bounded waits: a time limit from the virtual counter, and an iteration cap */
struct tk_poll {
	uint64_t start, ticks;
	uint32_t iters;
};
void tk_poll_start(struct tk_poll *p, uint32_t ms);
bool tk_poll_expired(struct tk_poll *p);

/* ---------------------------------------------------------------- interrupts */
/*
 * Guest view of the GICv2 (IHI 0048B) and the PL011: register offsets.
 * The GICC frame is the hardware virtual CPU interface under Tessera.
 */
#define GICD_CTLR 0x000u
#define GICD_TYPER 0x004u
#define GICD_IIDR 0x008u
#define GICD_ISENABLER 0x100u
#define GICD_ICENABLER 0x180u
#define GICD_ISPENDR 0x200u
#define GICD_ICPENDR 0x280u
#define GICD_ISACTIVER 0x300u
#define GICD_ICACTIVER 0x380u
#define GICD_IPRIORITYR 0x400u /* byte per INTID */
#define GICD_ITARGETSR 0x800u  /* byte per INTID */
#define GICD_ICFGR 0xc00u
#define GICD_SGIR 0xf00u
#define GICD_PIDR2 0xfe8u
#define GICD_CIDR0 0xff0u

#define GICC_CTLR 0x00u
#define GICC_PMR 0x04u
#define GICC_BPR 0x08u
#define GICC_IAR 0x0cu
#define GICC_EOIR 0x10u
#define GICC_RPR 0x14u
#define GICC_HPPIR 0x18u

#define GIC_MAX_IRQS 1020u      /* INTIDs 0..1019; 1020-1023 are special */
#define GIC_SPURIOUS 1023u
#define GIC_IAR_ID(iar) ((iar) & 0x3ffu)
#define GIC_IAR_SRC(iar) (((iar) >> 10) & 7u) /* SGIs: the sending CPU */
#define GIC_SGIR_TARGETS(mask) (((uint32_t)(mask) & 0xffu) << 16)
#define GIC_SGIR_SELF (2u << 24) /* TargetListFilter 2: the requester */

/* SGIs the kit uses (the hypervisor's own SGIs are physical, not these) */
#define TK_SGI_SELF 1
#define TK_SGI_ACTIVE 2
#define TK_SGI_PMR 3
#define TK_SGI_LOW 4
#define TK_SGI_HIGH 5
#define TK_SGI_OTHER 6
#define TK_SGI_FLOOD 7
#define TK_SGI_BENCH 8 /* testkit.mode=bench: sgi_self */
#define TK_SGI_DOORBELL 14 /* wakes an interrupt worker for a command */
#define TK_PRIO_LOW 0xa0u
#define TK_PRIO_HIGH 0x40u

#define UART_DR 0x000u
#define UART_FR 0x018u
#define UART_IBRD 0x024u
#define UART_FBRD 0x028u
#define UART_LCR_H 0x02cu
#define UART_CR 0x030u
#define UART_IMSC 0x038u
#define UART_RIS 0x03cu
#define UART_MIS 0x040u
#define UART_ICR 0x044u
#define UART_PERIPHID0 0xfe0u
#define UART_PCELLID0 0xff0u
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_FR_TXFE (1u << 7)
#define UART_FR_BUSY (1u << 3)
#define UART_LCR_H_FEN (1u << 4)
#define UART_LCR_H_WLEN8 (3u << 5)
#define UART_CR_UARTEN (1u << 0)
#define UART_CR_TXE (1u << 8)
#define UART_CR_RXE (1u << 9)
#define UART_INT_RX (1u << 4)
#define UART_INT_RT (1u << 6)
#define UART_INT_ALL 0x7ffu
#define UART_DR_ERRORS 0xf00u /* OE, BE, PE, FE of the byte read */

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

/* Byte accesses for the GIC's byte registers: one LDRB/STRB each. */
static inline uint32_t tk_ld8(uint32_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void tk_st8(uint32_t addr, uint32_t v)
{
	__asm__ volatile("strb %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

/* CPSR.I */
static inline void tk_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

static inline void tk_irq_disable(void)
{
	__asm__ volatile("cpsid i" ::: "memory");
}

/* Masks IRQs; returns the CPSR to give tk_irq_restore(). */
static inline uint32_t tk_irq_save(void)
{
	uint32_t cpsr = tk_read_cpsr();

	tk_irq_disable();
	return cpsr;
}

static inline void tk_irq_restore(uint32_t cpsr)
{
	if (cpsr & TK_PSR_I)
		tk_irq_disable();
	else
		tk_irq_enable();
}

/* start.S: the IRQ vector builds this on the SVC stack (see there). */
struct tk_irq_frame {
	uint32_t r[13];
	uint32_t lr;   /* LR_svc of the interrupted code */
	uint32_t pc;   /* where to resume */
	uint32_t spsr;
};
void tk_irq_entry(struct tk_irq_frame *f);
/*
 * tk_wfi_irq(): CPSIE I; WFI; CPSID I. An IRQ taken before the WFI (so that
 * nothing might wake it) makes the handler skip the WFI; one that wakes it
 * is taken right after it (tk_irq_entry_pc() == tk_wfi_insn + 4). Returns
 * with IRQs masked.
 */
void tk_wfi_irq(void);
extern char tk_wfi_insn[];

/* What the GIC set-up found (boot vCPU, tk_gic_setup()). */
struct tk_gic {
	bool ok;          /* usable: the checks may touch it */
	uint32_t gicd, gicc;
	uint32_t typer;
	unsigned nr_irqs; /* 32 * (ITLinesNumber + 1), at most GIC_MAX_IRQS */
	char why[200];    /* when !ok */
};
extern struct tk_gic tk_gic;

static inline uint32_t tk_gicd_rd(uint32_t off) { return tk_ld32(tk_gic.gicd + off); }
static inline void tk_gicd_wr(uint32_t off, uint32_t v) { tk_st32(tk_gic.gicd + off, v); }
static inline uint32_t tk_gicc_rd(uint32_t off) { return tk_ld32(tk_gic.gicc + off); }
static inline void tk_gicc_wr(uint32_t off, uint32_t v) { tk_st32(tk_gic.gicc + off, v); }

void tk_gic_setup(void);    /* boot vCPU, once: probe, GICD_CTLR, own GICC */
void tk_gic_cpu_init(void); /* this vCPU's CPU interface: PMR, BPR, CTLR */

/*
 * Handlers run in SVC mode with IRQs masked (a handler may unmask them to be
 * preempted); the dispatcher acknowledges (GICC_IAR) before and writes
 * GICC_EOIR after. Private INTIDs (< 32) have a handler per vCPU (the caller's
 * own), SPIs one for all. An interrupt without a handler is counted,
 * completed and (not an SGI) disabled.
 */
typedef void (*tk_irq_fn)(uint32_t iar, void *arg);
void tk_irq_set_handler(unsigned intid, tk_irq_fn fn, void *arg);
uint64_t tk_irq_entry_time(void); /* CNTVCT when the current IRQ was taken */
uint32_t tk_irq_entry_pc(void);   /* where it interrupted */
unsigned tk_irq_depth(void);      /* nesting depth of handlers (1 = not nested) */

struct tk_irq_stats {
	uint32_t entries, spurious, unhandled, last_unhandled;
	uint32_t wfi_woken, wfi_skipped;
};
void tk_irq_stats(struct tk_irq_stats *s); /* this vCPU's counters */

/* With IRQs unmasked, busy-waits until *p >= want or ms pass; the IRQ mask
 * is restored. Returns whether *p reached want. */
bool tk_irq_wait(volatile uint32_t *p, uint32_t want, uint32_t ms);
void tk_irq_spin(uint32_t ms); /* IRQs unmasked for ms */

/*
 * Guarded MMIO for the checks: IRQs masked around one access that may raise
 * a data abort; the first abort is recorded and reported by
 * tk_guard_report(). Reads that abort return 0xdeadbeef.
 */
struct tk_guard {
	unsigned faults;
	uint32_t addr;
	bool write;
	struct tk_caught c;
};
uint32_t tk_grd32(struct tk_guard *g, uint32_t addr);
void tk_gwr32(struct tk_guard *g, uint32_t addr, uint32_t v);
uint32_t tk_grd8(struct tk_guard *g, uint32_t addr);
void tk_gwr8(struct tk_guard *g, uint32_t addr, uint32_t v);
void tk_guard_report(struct tk_diag *d, const struct tk_guard *g);

/*
 * Interrupt workers: secondary vCPUs restarted (CPU_ON, context id
 * TK_CTX_WORKER + index) to take SGIs. A worker sets up its CPU interface,
 * then sleeps in tk_wfi_irq() and runs the commands the boot vCPU posts
 * (with TK_SGI_DOORBELL to wake it). It counts every SGI it takes.
 */
int tk_worker_ensure(unsigned cpu, char *why, size_t whylen); /* 0: running */
void tk_worker_reset_counts(unsigned cpu);
uint32_t tk_worker_sgi_count(unsigned cpu, unsigned sgi);
uint32_t tk_worker_sgi_iar(unsigned cpu, unsigned sgi);
/* GICD_ITARGETSRn (n < 8: SGIs, PPIs) as the worker read it first thing. */
uint32_t tk_worker_itargetsr(unsigned cpu, unsigned n);
/* Flood: GICD_SGIR = sgir repeatedly until CNTVCT >= until. */
int tk_worker_flood(unsigned cpu, uint32_t sgir, uint64_t until);
/* Waits for the posted command; *sent: SGIs the flood wrote. */
bool tk_worker_wait_done(unsigned cpu, uint32_t ms, uint32_t *sent);
void tk_worker_main(unsigned cpu) __attribute__((noreturn));
void tk_worker_note_unexpected(unsigned cpu, const char *what);

/* check_timer.c: n periods of `period` ticks of the virtual timer, the
 * first at now + period, reprogrammed by the handler (CVAL += period). */
struct tk_vt_result {
	uint32_t count;     /* periods that arrived */
	uint32_t early;     /* of them, taken before their CVAL */
	uint32_t max_late;  /* CNTVCT at handler entry - CVAL, in ticks */
	uint32_t mean_late;
	uint32_t stray;     /* timer interrupts with the timer off/not firing */
};
void tk_vtimer_periodic(unsigned n, uint32_t period, uint32_t ms,
			struct tk_vt_result *r);

/* ---------------------------------------------------------------- checks */
void tk_check_cpu_basics(void);   /* runs_in_svc_mode, mmu_on_with_own_tables,
				     hypercall_version,
				     virtual_counter_starts_near_zero,
				     psci_version_is_1_0, psci_features */
void tk_check_smp(void);
void tk_check_mmio(void);
void tk_check_faults(void);
void tk_check_vfp(void);
void tk_check_wfi(void);
void tk_check_calls(void);        /* unknown_hvc_returns_error, psci_over_smc */
void tk_check_cp15(void);
void tk_check_pmu_debug(void);     /* check_pmu_debug.c: pmu_*, debug_* */
void tk_check_gic(void);          /* check_gic.c: gic_* */
void tk_check_vtimer(void);       /* check_timer.c: vtimer_*, wfi_woken_* */
void tk_check_ptimer(void);       /* check_timer.c: ptimer_*, cntpct_*,
				     hyp_timer_not_accessible */
void tk_check_uart(void);         /* check_uart.c: uart_*,
				     passthrough_uart_rx_tx_and_irq */
void tk_check_passthrough_rtc(void); /* check_passthrough_rtc.c:
					passthrough_rtc_* */
void tk_check_console_policy(void); /* check_console_policy.c:
					console_write_* */
void tk_check_channel(void);       /* check_channel.c: channel_* */
void tk_channel_flood(void);      /* check_channel.c: with
				     testkit.channel-flood, never returns */
void tk_run_mode(void);           /* modes.c: testkit.mode= */
void tk_mode_console_flood(void); /* mode_console_flood.c: never returns */
void tk_lifecycle_mode(void);     /* mode_lifecycle.c: testkit.lifecycle= */
void tk_lifecycle_secondary(void) __attribute__((noreturn));

/* The VFP pattern check both the boot vCPU and the secondaries run. */
struct tk_vfp_result {
	bool ok;
	char why[120];
};
void tk_vfp_check(unsigned seed, void (*exits)(void *), void *arg,
		  struct tk_vfp_result *res);

#endif /* !__ASSEMBLER__ */
#endif
