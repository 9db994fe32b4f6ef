/*
 * Measurements for the interference tests, selected by testkit.mode= in
 * bootargs and run after the checks, before the summary line. They print a
 * result line (no check of their own):
 *
 *   sgi-flood      vCPU 0 and vCPU 1 (if there is one; else vCPU 0 alone,
 *                  to itself) write GICD_SGIR for each other as fast as they
 *                  can for 2 s of virtual counter, counting the SGIs taken:
 *                  "sgi flood: N sent, M received" (M <= N: an SGI sent
 *                  again while still pending from the same source merges).
 *   timer-latency  a 1 ms periodic virtual timer for 1000 periods; lateness
 *                  = CNTVCT at handler entry - the programmed CVAL:
 *                  "timer latency: max L ticks (X us), mean M ticks over
 *                  1000 periods".
 *   bench          the cost of each kind of exit (docs/benchmarks.md): for
 *                  each operation, BENCH_ITERS round trips in a tight loop
 *                  timed by CNTVCT, minus an empty loop timed the same way:
 *                  "bench: <name>: <X> instructions per round trip (<N>
 *                  iterations)". Under QEMU -icount shift=0 one instruction
 *                  is one nanosecond, so X = ticks * (1e9 / CNTFRQ) / N
 *                  counts instructions (guest and hypervisor); elsewhere it
 *                  is nanoseconds.
 */
#include "testkit.h"

#define U(x) ((unsigned)(x))
#define FLOOD_MS 2000u
#define LATENCY_PERIODS 1000u
/* Bounds that only end a wait for something that never comes (loaded host) */
#define PEER_DONE_WAIT_MS 10000u
#define LATENCY_GRACE_MS 10000u

static volatile uint32_t flood_received;

static void flood_sgi(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	flood_received++;
}

static void sgi_flood(void)
{
	const unsigned peer_cpu = guest_boot.cpu == 1 ? 0 : 1;
	uint32_t sent = 0, peer_sent = 0, peer_received = 0, sgir;
	uint64_t until;
	bool peer = false, peer_done = true;
	char why[200];

	if (!tk_gic.ok) {
		guest_printf("# sgi flood: not run: %s\n", tk_gic.why);
		return;
	}
	if (tk_plat.nr_vcpus > 1) {
		if (tk_worker_ensure(peer_cpu, why, sizeof(why)) == 0)
			peer = true;
		else
			guest_printf("# sgi flood: %s; vCPU %u floods itself\n",
				     why, guest_boot.cpu);
	}
	guest_irq_set_handler(TK_SGI_FLOOD, flood_sgi, NULL);
	guest_st8(guest_gic.gicd + GICD_IPRIORITYR + TK_SGI_FLOOD, TK_PRIO_LOW);
	flood_received = 0;
	sgir = peer ? GICD_SGIR_TARGETS(1u << peer_cpu) | TK_SGI_FLOOD
		    : GICD_SGIR_SELF | TK_SGI_FLOOD;
	until = guest_cntvct() + (uint64_t)(guest_cntfrq() / 1000u) * FLOOD_MS;
	if (peer) {
		tk_worker_reset_counts(peer_cpu);
		tk_worker_flood(peer_cpu,
				GICD_SGIR_TARGETS(1u << guest_boot.cpu) |
					TK_SGI_FLOOD,
				until);
	}
	guest_irq_enable();
	/* at least once, however long the host kept this vCPU from running */
	do {
		gicd_wr(GICD_SGIR, sgir);
		sent++;
		/*
		 * Also aim at every CPU number there could be, and at "all but
		 * me": only this partition's vCPUs may ever see these.
		 */
		if (!(sent & 63)) {
			gicd_wr(GICD_SGIR, GICD_SGIR_TARGETS(0xffu) |
						      TK_SGI_FLOOD);
			gicd_wr(GICD_SGIR, (1u << 24) | TK_SGI_FLOOD);
			sent += 2;
		}
	} while (guest_cntvct() < until);
	/* the peer's (or our own) first SGI at least, then what is on its way */
	guest_irq_wait(&flood_received, 1, PEER_DONE_WAIT_MS);
	guest_irq_spin(20);
	guest_irq_disable();
	if (peer) {
		peer_done = tk_worker_wait_done(peer_cpu, PEER_DONE_WAIT_MS,
						&peer_sent);
		peer_received = tk_worker_sgi_count(peer_cpu, TK_SGI_FLOOD);
		guest_printf("# sgi flood: vCPU %u sent %u, received %u; "
			     "vCPU %u sent %u, received %u%s\n", guest_boot.cpu,
			     U(sent),
			     U(flood_received), peer_cpu, U(peer_sent),
			     U(peer_received),
			     peer_done ? "" : " (had not finished in time)");
	}
	guest_printf("sgi flood: %u sent, %u received\n", U(sent + peer_sent),
		     U(flood_received + peer_received));
}

/* Interrupts this vCPU took without having asked for them. */
static void report_foreign_interrupts(void)
{
	struct guest_irq_stats st;

	guest_irq_stats(&st);
	guest_printf("unexpected interrupts: %u (last INTID %u)\n",
		     U(st.unhandled), U(st.last_unhandled));
}

static void timer_latency(void)
{
	struct tk_vt_result r;
	uint32_t frq = guest_cntfrq();

	if (!tk_gic.ok || !guest_plat.has_vtimer || !frq) {
		guest_printf("# timer latency: not run: %s\n",
			     !tk_gic.ok ? tk_gic.why
			     : !frq     ? "CNTFRQ reads 0"
				     : guest_plat.timer_why);
		return;
	}
	tk_vtimer_periodic(LATENCY_PERIODS, frq / 1000u,
			   LATENCY_PERIODS + LATENCY_GRACE_MS, &r);
	if (r.count != LATENCY_PERIODS || r.early || r.stray)
		guest_printf("# timer latency: %u of %u periods arrived, %u "
			     "early, %u stray\n", U(r.count), LATENCY_PERIODS,
			     U(r.early), U(r.stray));
	if (!r.count)
		return; /* no "max 0 ticks" line that could pass for a result */
	guest_printf("timer latency: max %u ticks (%u us), mean %u ticks "
		     "over %u periods\n", U(r.max_late),
		     U((uint64_t)r.max_late * 1000000u / frq), U(r.mean_late),
		     U(r.count));
	report_foreign_interrupts();
}

/* ---------------------------------------------------------------- bench */
#define BENCH_ITERS 20000u
#define BENCH_WARMUP 16u
/* Wait-loop passes for one SGI before giving up (~10 instructions each). */
#define BENCH_SGI_SPINS 1000000u

enum bench_op {
	BENCH_EMPTY,
	BENCH_HVC,     /* r0 = function ID; HVC #0 */
	BENCH_LOAD,    /* LDR from an address (stage-2 fault, MMIO emulation) */
	BENCH_ACTLR,   /* MRC ACTLR (HCR.TAC) */
	BENCH_DR_LINE, /* STRB to a UART's DR, bytes of a 64-byte line */
};

/*
 * What uart_dr_write transmits, over and over: a console line of the
 * length of a typical boot message, so the bench counts the line's output
 * too, spread over its bytes. Starts with '#' to read as a comment.
 */
static const char bench_line[64] =
	"# uart_dr_write: a line of 64 bytes, written to DR byte by byte\n";
_Static_assert(sizeof("# uart_dr_write: a line of 64 bytes, written to DR "
		      "byte by byte\n") - 1 == 64, "one line of 64 bytes");
static uint32_t bench_line_pos; /* the next byte of bench_line to write */
/* Fewer round trips than the others: each 64 of them print a line. */
#define BENCH_DR_ITERS 2048u

/*
 * n iterations of one operation in a loop whose only other instructions are
 * what the operation needs (MOV r0 for an HVC) and SUBS/BNE; returns the
 * CNTVCT ticks they took. The BENCH_EMPTY loop is just SUBS/BNE.
 */
static uint64_t bench_loop(enum bench_op op, uint32_t n, uint32_t arg)
{
	uint64_t t0, t1;
	uint32_t v;

	t0 = guest_cntvct();
	switch (op) {
	case BENCH_EMPTY:
		__asm__ volatile("1:\tsubs %[n], %[n], #1\n"
				 "\tbne 1b"
				 : [n] "+r"(n)
				 :
				 : "cc", "memory");
		break;
	case BENCH_HVC:
		__asm__ volatile(".arch_extension virt\n"
				 "1:\tmov r0, %[fn]\n"
				 "\thvc #0\n"
				 "\tsubs %[n], %[n], #1\n"
				 "\tbne 1b"
				 : [n] "+r"(n)
				 : [fn] "r"(arg)
				 : "r0", "r1", "r2", "r3", "cc", "memory");
		break;
	case BENCH_LOAD:
		__asm__ volatile("1:\tldr %[v], [%[a]]\n"
				 "\tsubs %[n], %[n], #1\n"
				 "\tbne 1b"
				 : [n] "+r"(n), [v] "=&r"(v)
				 : [a] "r"(arg)
				 : "cc", "memory");
		break;
	case BENCH_ACTLR:
		__asm__ volatile("1:\tmrc p15, 0, %[v], c1, c0, 1\n"
				 "\tsubs %[n], %[n], #1\n"
				 "\tbne 1b"
				 : [n] "+r"(n), [v] "=&r"(v)
				 :
				 : "cc", "memory");
		break;
	case BENCH_DR_LINE: {
		uint32_t i = bench_line_pos;

		/* Three more instructions than the exit needs: noise. */
		__asm__ volatile("1:\tldrb %[v], [%[s], %[i]]\n"
				 "\tstrb %[v], [%[a]]\n"
				 "\tadd %[i], %[i], #1\n"
				 "\tand %[i], %[i], #63\n"
				 "\tsubs %[n], %[n], #1\n"
				 "\tbne 1b"
				 : [n] "+r"(n), [v] "=&r"(v), [i] "+r"(i)
				 : [a] "r"(arg), [s] "r"(bench_line)
				 : "cc", "memory");
		bench_line_pos = i;
		break;
	}
	}
	t1 = guest_cntvct();
	(void)v;
	return t1 - t0;
}

static volatile uint32_t bench_sgis;

static void bench_sgi_handler(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	bench_sgis++;
}

/*
 * n times: GICD_SGIR = sgir (an SGI to this vCPU), then wait with IRQs
 * unmasked until the handler has counted it. Returns the ticks, and in
 * *done the round trips completed (< n: an SGI did not come).
 */
static uint64_t bench_sgi_loop(uint32_t n, uint32_t sgir, uint32_t *done)
{
	uint32_t reg = guest_gic.gicd + GICD_SGIR, want, spin, t, left = n;
	uint64_t t0, t1;

	want = bench_sgis + 1;
	guest_irq_enable();
	t0 = guest_cntvct();
	__asm__ volatile("1:\tstr %[sgir], [%[reg]]\n"
			 "\tmov %[spin], %[limit]\n"
			 "2:\tldr %[t], [%[cnt]]\n"
			 "\tcmp %[t], %[want]\n"
			 "\tbeq 3f\n"
			 "\tsubs %[spin], %[spin], #1\n"
			 "\tbne 2b\n"
			 "\tb 4f\n"
			 "3:\tadd %[want], %[want], #1\n"
			 "\tsubs %[left], %[left], #1\n"
			 "\tbne 1b\n"
			 "4:"
			 : [left] "+r"(left), [want] "+r"(want),
			   [spin] "=&r"(spin), [t] "=&r"(t)
			 : [sgir] "r"(sgir), [reg] "r"(reg),
			   [cnt] "r"(&bench_sgis), [limit] "r"(BENCH_SGI_SPINS)
			 : "cc", "memory");
	t1 = guest_cntvct();
	guest_irq_disable();
	*done = n - left;
	return t1 - t0;
}

/* "bench: name: X.Y instructions per round trip (N iterations)" */
static void bench_report(const char *name, uint64_t ticks, uint64_t empty,
			 uint32_t n)
{
	uint64_t frq = guest_cntfrq(), d, x10;

	if (!frq) {
		guest_printf("# bench: %s: not run: CNTFRQ reads 0\n", name);
		return;
	}
	d = ticks > empty ? ticks - empty : 0;
	/* tenths of d * (1e9 / CNTFRQ) / n, rounded */
	x10 = (d * 10000000000ull + frq * n / 2) / (frq * n);
	guest_printf("# bench: %s: %u ticks, empty loop %u ticks\n", name,
		     U(ticks), U(empty));
	guest_printf("bench: %s: %u.%u instructions per round trip (%u "
		  "iterations)\n", name, U(x10 / 10), U(x10 % 10), U(n));
}

/*
 * One operation under guest_expect(): the warm-up call that also shows whether
 * it works at all. Returns false (having said why) if it faulted.
 */
static bool bench_probe(const char *name, enum bench_op op, uint32_t arg)
{
	struct guest_caught c;

	guest_expect(EXPECT_DABT | EXPECT_UNDEF | EXPECT_PABT);
	bench_loop(op, 1, arg);
	guest_expect_done(&c);
	if (c.type >= 0) {
		guest_printf("# bench: %s: not run: %s exception at 0x%08x "
			     "(FAR 0x%08x, FSR 0x%08x)\n", name,
			     guest_exc_name(c.type), U(c.pc), U(c.far),
			     U(c.fsr));
		return false;
	}
	bench_loop(op, BENCH_WARMUP, arg);
	return true;
}

static void bench_one(const char *name, enum bench_op op, uint32_t arg,
		      uint64_t empty)
{
	if (bench_probe(name, op, arg))
		bench_report(name, bench_loop(op, BENCH_ITERS, arg), empty,
			     BENCH_ITERS);
}

/* Writes the rest of bench_line, so that no other output runs into it. */
static void bench_line_finish(uint32_t dr)
{
	while (bench_line_pos) {
		guest_st8(dr, (uint8_t)bench_line[bench_line_pos]);
		bench_line_pos = (bench_line_pos + 1) % sizeof(bench_line);
	}
}

/* uart_dr_write: its own count, the empty loop scaled to it. */
static void bench_dr_write(uint32_t dr, uint64_t empty)
{
	const char *name = "uart_dr_write";
	uint64_t ticks;

	if (!bench_probe(name, BENCH_DR_LINE, dr))
		return;
	ticks = bench_loop(BENCH_DR_LINE, BENCH_DR_ITERS, dr);
	bench_line_finish(dr);
	bench_report(name, ticks, empty * BENCH_DR_ITERS / BENCH_ITERS,
		     BENCH_DR_ITERS);
}

static void bench_sgi(uint64_t empty)
{
	const uint32_t sgir = GICD_SGIR_SELF | TK_SGI_BENCH;
	uint32_t done;
	uint64_t ticks;

	guest_irq_set_handler(TK_SGI_BENCH, bench_sgi_handler, NULL);
	guest_st8(guest_gic.gicd + GICD_IPRIORITYR + TK_SGI_BENCH, TK_PRIO_LOW);
	bench_sgi_loop(BENCH_WARMUP, sgir, &done);
	if (done != BENCH_WARMUP) {
		guest_printf("# bench: sgi_self: not run: SGI %u to self "
			     "(GICD_SGIR 0x%08x) not taken\n", TK_SGI_BENCH,
			     U(sgir));
		return;
	}
	ticks = bench_sgi_loop(BENCH_ITERS, sgir, &done);
	if (done != BENCH_ITERS) {
		guest_printf("# bench: sgi_self: SGI not taken after %u of %u "
			     "round trips\n", U(done), BENCH_ITERS);
		return;
	}
	bench_report("sgi_self", ticks, empty, BENCH_ITERS);
}

static void bench(void)
{
	uint32_t irqs = guest_irq_save();
	uint64_t empty;

	guest_printf("# bench: CNTFRQ %u Hz, %u iterations each; under QEMU "
		     "-icount shift=0 one instruction per ns\n",
		     U(guest_cntfrq()),
		     BENCH_ITERS);
	bench_loop(BENCH_EMPTY, BENCH_WARMUP, 0);
	empty = bench_loop(BENCH_EMPTY, BENCH_ITERS, 0);

	bench_one("hvc_null", BENCH_HVC, HC_NULL, empty);
	bench_one("psci_version", BENCH_HVC, PSCI_FN_VERSION, empty);
	if (tk_plat.has_testdev)
		bench_one("mmio_read", BENCH_LOAD, tk_plat.testdev + TESTDEV_ID,
			  empty);
	else
		guest_printf("# bench: mmio_read: not run: no test-device in "
			     "the device tree\n");
	if (tk_gic.ok)
		bench_one("vgic_dist_read", BENCH_LOAD,
			  guest_gic.gicd + GICD_TYPER,
			  empty);
	else
		guest_printf("# bench: vgic_dist_read: not run: %s\n",
			     tk_gic.why);
	bench_one("cp15_actlr", BENCH_ACTLR, 0, empty);
	if (guest_plat.has_uart) {
		bench_one("uart_fr_read", BENCH_LOAD, guest_plat.uart + UART_FR,
			  empty);
		bench_dr_write(guest_plat.uart + UART_DR, empty);
	} else {
		guest_printf("# bench: uart_fr_read, uart_dr_write: not run: "
			     "%s\n",
			     guest_plat.uart_why);
	}
	if (tk_gic.ok)
		bench_sgi(empty);
	else
		guest_printf("# bench: sgi_self: not run: %s\n", tk_gic.why);
	guest_irq_restore(irqs);
}

/* testkit.mode=bench, whether or not dt.c knows the word yet */
static bool mode_is_bench(void)
{
	return tk_plat.mode == TK_MODE_BENCH ||
	       dt_bootarg_word(guest_plat.bootargs, "testkit.mode=bench");
}

void tk_run_mode(void)
{
	if (tk_plat.mode == TK_MODE_SGI_FLOOD)
		sgi_flood();
	else if (tk_plat.mode == TK_MODE_TIMER_LATENCY)
		timer_latency();
	else if (mode_is_bench())
		bench();
	else if (tk_plat.mode == TK_MODE_CONSOLE_FLOOD)
		tk_mode_console_flood();
}
