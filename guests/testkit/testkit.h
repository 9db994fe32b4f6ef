/*
 * testkit: the bare-metal test guest, on the guest runtime (guests/lib).
 * The kit's constants (also used by vfp.S) and its interfaces.
 *
 * Everything here is built ARM state (-marm), soft-float; only vfp.S touches
 * VFP/NEON registers.
 */
#ifndef TESTKIT_H
#define TESTKIT_H

#include <guest/guest.h>

#define TK_MAX_VCPUS GUEST_MAX_VCPUS /* vCPUs the kit has stacks for */
#define TK_MAX_PROBES 8 /* testkit.probe= addresses */
/* PSCI CPU_ON context id of a secondary started as an interrupt worker
 * (irq.c): TK_CTX_WORKER + vCPU index. check_smp.c uses 0x1000 + index. */
#define TK_CTX_WORKER 0x2000
/* mode_lifecycle.c starts vCPU 1 for its SYSTEM_OFF side with this one. */
#define TK_CTX_LIFECYCLE 0x3000

#ifndef __ASSEMBLER__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <tessera/testdev.h>

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
/*
 * What the kit reads from the tree beyond the runtime's guest_plat
 * (guests/lib: memory, CPUs, PSCI method, GIC, timers, first PL011,
 * bootargs): see dt.c.
 */
struct tk_platform {
	unsigned nr_vcpus;      /* /cpus/cpu@N nodes (capped at TK_MAX_VCPUS) */
	bool has_testdev;
	uint32_t testdev, testdev_size;
	unsigned nr_probes;
	uint32_t probes[TK_MAX_PROBES];
	bool finish_reset;      /* testkit.finish=reset: SYSTEM_RESET at the end */
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

/* dt.c: fills p from the tree at fdt (which guest_setup() read). */
void tk_dt_parse(const void *fdt, struct tk_platform *p);
bool tk_in_testdev(uint64_t addr);

/* mmu.c: the extra 1 MB alias section in the runtime's final table */
void tk_mmu_alias_setup(void);
extern uint32_t tk_alias_va;
extern volatile uint32_t tk_alias_buf[16];
uint32_t tk_alias_of(const volatile void *p); /* alias VA of a RAM address */

/* ---------------------------------------------------------------- runtime */

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

/* An unexpected exception on secondary vCPU cpu: record it, CPU_OFF. */
void tk_secondary_unexpected(unsigned cpu, const char *what)
	__attribute__((noreturn));

/* ---------------------------------------------------------------- interrupts */
#include <hw/pl011.h>

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

/* What the GIC set-up found (boot vCPU, tk_gic_setup()); the frames and
 * GICD_TYPER are in the runtime's guest_gic. */
struct tk_gic {
	bool ok;          /* usable: the checks may touch it */
	char why[200];    /* when !ok */
};
extern struct tk_gic tk_gic;

void tk_gic_setup(void);    /* boot vCPU, once: probe, guest_gic_init() */

/*
 * Guarded MMIO for the checks: IRQs masked around one access that may raise
 * a data abort; the first abort is recorded and reported by
 * tk_guard_report(). Reads that abort return 0xdeadbeef.
 */
struct tk_guard {
	unsigned faults;
	uint32_t addr;
	bool write;
	struct guest_caught c;
};
uint32_t tk_grd32(struct tk_guard *g, uint32_t addr);
void tk_gwr32(struct tk_guard *g, uint32_t addr, uint32_t v);
uint32_t tk_grd8(struct tk_guard *g, uint32_t addr);
void tk_gwr8(struct tk_guard *g, uint32_t addr, uint32_t v);
void tk_guard_report(struct tk_diag *d, const struct tk_guard *g);

/*
 * Interrupt workers: secondary vCPUs restarted (CPU_ON, context id
 * TK_CTX_WORKER + index) to take SGIs. A worker sets up its CPU interface,
 * then sleeps in guest_wfi_irq() and runs the commands the boot vCPU posts
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
	uint32_t ctl_odd;   /* taken with CTL not IMASK|ISTATUS|ENABLE */
	uint32_t odd_ctl;   /* the last such CTL */
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
void tk_check_virtio(void);       /* check_virtio.c: virtio_* */
void tk_net_bench(void);          /* mode_net_bench.c: testkit.net-bench= */
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
