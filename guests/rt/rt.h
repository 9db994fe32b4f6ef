/*
 * rt: a small bare-metal periodic task for a Tessera partition. Constants
 * shared with start.S and the linker script, CPU helpers and the interfaces
 * between the C files.
 *
 * Everything is ARM state (-marm), soft-float, single vCPU.
 */
#ifndef RT_H
#define RT_H

/* Stacks (bytes), one set for the boot vCPU: SVC for C, IRQ for the
 * interrupt handler, one small shared stack for the fatal-exception path. */
#define RT_STACK_SVC_SIZE 0x4000
#define RT_STACK_IRQ_SIZE 0x1000
#define RT_STACK_EXC_SIZE 0x1000

/* PSR */
#define RT_PSR_MODE_MASK 0x1f
#define RT_PSR_MODE_USR 0x10
#define RT_PSR_MODE_FIQ 0x11
#define RT_PSR_MODE_IRQ 0x12
#define RT_PSR_MODE_SVC 0x13
#define RT_PSR_MODE_MON 0x16
#define RT_PSR_MODE_ABT 0x17
#define RT_PSR_MODE_HYP 0x1a
#define RT_PSR_MODE_UND 0x1b
#define RT_PSR_MODE_SYS 0x1f
#define RT_PSR_T (1 << 5)
#define RT_PSR_I (1 << 7)

/* SCTLR */
#define RT_SCTLR_M (1 << 0)
#define RT_SCTLR_A (1 << 1)
#define RT_SCTLR_C (1 << 2)
#define RT_SCTLR_Z (1 << 11)
#define RT_SCTLR_I (1 << 12)
#define RT_SCTLR_V (1 << 13)
#define RT_SCTLR_TRE (1 << 28)
#define RT_SCTLR_AFE (1 << 29)
#define RT_SCTLR_TE (1 << 30)

/* TTBR0 walk attributes: inner/outer WB-WA, inner shareable */
#define RT_TTBR_FLAGS 0x6a

/* Exception types (vector index), for rt_exception() */
#define RT_EXC_RESET 0
#define RT_EXC_UNDEF 1
#define RT_EXC_SVC 2
#define RT_EXC_PABT 3
#define RT_EXC_DABT 4
#define RT_EXC_UNUSED 5
#define RT_EXC_IRQ 6
#define RT_EXC_FIQ 7

/* The calls start.S makes itself (no C 'u' suffix) */
#define RT_HC_CONSOLE_WRITE 0x86000001
#define RT_PSCI_SYSTEM_OFF 0x84000008

#ifndef __ASSEMBLER__

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest ABI (docs/hypercalls.md) */
#define HC_CONSOLE_WRITE 0x86000001u
#define PSCI_FN_SYSTEM_OFF 0x84000008u

/* ---------------------------------------------------------------- CPU */
#define rt_dsb() __asm__ volatile("dsb sy" ::: "memory")
#define rt_isb() __asm__ volatile("isb" ::: "memory")
#define rt_wfi() __asm__ volatile("wfi" ::: "memory")
#define rt_irq_enable() __asm__ volatile("cpsie i" ::: "memory")
#define rt_irq_disable() __asm__ volatile("cpsid i" ::: "memory")

#define RT_CP15_RD(op1, crn, crm, op2)                                         \
	({                                                                     \
		uint32_t v_;                                                   \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm      \
				 ", " #op2                                     \
				 : "=r"(v_)                                    \
				 :                                             \
				 : "memory");                                  \
		v_;                                                            \
	})
#define RT_CP15_WR(op1, crn, crm, op2, val)                                    \
	__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm ", " #op2   \
			 :                                                     \
			 : "r"((uint32_t)(val))                                \
			 : "memory")

/*
 * MMIO: exactly one LDR/STR with a plain register address, so that an
 * access the hypervisor emulates traps with a valid syndrome.
 */
static inline uint32_t rt_ld32(uint32_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void rt_st32(uint32_t addr, uint32_t v)
{
	__asm__ volatile("str %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

static inline void rt_st8(uint32_t addr, uint32_t v)
{
	__asm__ volatile("strb %0, [%1]" : : "r"(v), "r"(addr) : "memory");
}

/* Generic timer, virtual view */
/*
 * CNTFRQ, or the timer node's "clock-frequency" where CNTFRQ reads 0 (the
 * hypervisor puts it there on hosts whose firmware left CNTFRQ unset).
 */
extern uint32_t rt_tree_cntfrq;
static inline uint32_t rt_cntfrq(void)
{
	uint32_t f = RT_CP15_RD(0, c14, c0, 0);

	return f ? f : rt_tree_cntfrq;
}

static inline uint64_t rt_cntvct(void)
{
	uint32_t lo, hi;

	__asm__ volatile("isb\n\tmrrc p15, 1, %0, %1, c14"
			 : "=r"(lo), "=r"(hi)
			 :
			 : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static inline void rt_cntv_cval_write(uint64_t v)
{
	__asm__ volatile("mcrr p15, 3, %0, %1, c14"
			 :
			 : "r"((uint32_t)v), "r"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint32_t rt_cntv_ctl_read(void)
{
	return RT_CP15_RD(0, c14, c3, 1);
}

static inline void rt_cntv_ctl_write(uint32_t v)
{
	RT_CP15_WR(0, c14, c3, 1, v);
}

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

/* GICv2 (IHI 0048B) register offsets: the guest's emulated distributor and,
 * at GICC, the hardware virtual CPU interface. */
#define GICD_CTLR 0x000u
#define GICD_ISENABLER 0x100u
#define GICD_ICENABLER 0x180u
#define GICD_ICPENDR 0x280u
#define GICD_IPRIORITYR 0x400u /* byte per INTID */
#define GICC_CTLR 0x00u
#define GICC_PMR 0x04u
#define GICC_BPR 0x08u
#define GICC_IAR 0x0cu
#define GICC_EOIR 0x10u
#define GIC_IAR_ID(iar) ((iar) & 0x3ffu)
#define GIC_SPURIOUS 1023u
#define GIC_MAX_IRQS 1020u

/* PL011 */
#define UART_DR 0x000u
#define UART_FR 0x018u
#define UART_CR 0x030u
#define UART_FR_TXFF (1u << 5)
#define UART_FR_RXFE (1u << 4)
#define UART_CR_UARTEN (1u << 0)
#define UART_CR_TXE (1u << 8)

/* ---------------------------------------------------------------- start.S */
extern char _start[], _end[];
uint32_t rt_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3);
void rt_mmu_enable(uint32_t ttbr0); /* MMU off -> on, caches on */
void rt_park(void) __attribute__((noreturn));
void rt_main(uint32_t dtb) __attribute__((noreturn));
void rt_irq(void);                  /* the IRQ vector calls it, IRQ mode */
void rt_exception(uint32_t type, uint32_t pc, uint32_t spsr)
	__attribute__((noreturn));

/* ---------------------------------------------------------------- dt.c */
#define RT_MAX_MEM 8

struct rt_platform {
	unsigned nr_mem;
	uint64_t mem_base[RT_MAX_MEM], mem_size[RT_MAX_MEM];
	uint32_t gicd, gicc;
	unsigned vtimer_irq;
	uint32_t timer_freq; /* the timer's clock-frequency, 0 when absent */
	uint32_t uart;
	char bootargs[256];
};

/* Fills p from the tree; 0, or -1 with the reason in why. */
int rt_dt_parse(const void *fdt, struct rt_platform *p, char *why,
		size_t whylen);

/* ---------------------------------------------------------------- mmu.c */
void rt_mmu_boot(uint32_t dtb, uint32_t size); /* image + tree, MMU on */
void rt_mmu_final(const struct rt_platform *p); /* RAM Normal, rest Device */

/* ---------------------------------------------------------------- console.c */
void rt_uart_init(uint32_t base);
void rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Formats into buf (always terminated); returns the length written. Supports
 * %%, %c, %s (with a precision, %.*s), %d, %u, %x, a '0' flag, a width and
 * 'l' or 'll'. */
size_t rt_vformat(char *buf, size_t len, const char *fmt, va_list ap);
size_t rt_snprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The next received byte, or -1 when none is waiting. */
int rt_uart_getc(void);
/* Through HC_CONSOLE_WRITE, then PSCI SYSTEM_OFF. */
void rt_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						   noreturn));
/* Microseconds as "1 s", "250 ms", "1500 us". */
const char *rt_fmt_us(char *buf, size_t len, uint64_t us);

/* ---------------------------------------------------------- telemetry.c */
/* One report window as published on the channel (docs/channels.md). */
struct rt_telemetry {
	uint32_t seq;       /* 1, 2, ... since rt started */
	uint32_t period_us;
	uint32_t deadlines; /* taken + missed */
	uint32_t taken;
	uint32_t missed;
	uint32_t early;
	uint32_t max_late_us;
	uint32_t mean_late_us;
};

/* The "telemetry" channel of the tree; 0, or -1 with a reason. */
int rt_telemetry_open(const void *fdt, char *why, size_t whylen);
void rt_telemetry_publish(struct rt_telemetry *t);
/* Was 's' typed on the console since the last call? */
bool rt_telemetry_requested(void);

#endif /* !__ASSEMBLER__ */
#endif
