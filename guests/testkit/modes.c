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
 */
#include "testkit.h"

#define U(x) ((unsigned)(x))
#define FLOOD_MS 2000u
#define LATENCY_PERIODS 1000u

static volatile uint32_t flood_received;

static void flood_sgi(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	flood_received++;
}

static void sgi_flood(void)
{
	const unsigned peer_cpu = tk_boot.cpu == 1 ? 0 : 1;
	uint32_t sent = 0, peer_sent = 0, peer_received = 0, sgir;
	uint64_t until;
	bool peer = false, peer_done = true;
	char why[200];

	if (!tk_gic.ok) {
		tk_printf("# sgi flood: not run: %s\n", tk_gic.why);
		return;
	}
	if (tk_plat.nr_vcpus > 1) {
		if (tk_worker_ensure(peer_cpu, why, sizeof(why)) == 0)
			peer = true;
		else
			tk_printf("# sgi flood: %s; vCPU %u floods itself\n",
				  why, tk_boot.cpu);
	}
	tk_irq_set_handler(TK_SGI_FLOOD, flood_sgi, NULL);
	tk_st8(tk_gic.gicd + GICD_IPRIORITYR + TK_SGI_FLOOD, TK_PRIO_LOW);
	flood_received = 0;
	sgir = peer ? GIC_SGIR_TARGETS(1u << peer_cpu) | TK_SGI_FLOOD
		    : GIC_SGIR_SELF | TK_SGI_FLOOD;
	until = tk_cntvct() + (uint64_t)(tk_cntfrq() / 1000u) * FLOOD_MS;
	if (peer) {
		tk_worker_reset_counts(peer_cpu);
		tk_worker_flood(peer_cpu,
				GIC_SGIR_TARGETS(1u << tk_boot.cpu) |
					TK_SGI_FLOOD,
				until);
	}
	tk_irq_enable();
	while (tk_cntvct() < until) {
		tk_gicd_wr(GICD_SGIR, sgir);
		sent++;
		/*
		 * Also aim at every CPU number there could be, and at "all but
		 * me": only this partition's vCPUs may ever see these.
		 */
		if (!(sent & 63)) {
			tk_gicd_wr(GICD_SGIR, GIC_SGIR_TARGETS(0xffu) |
						      TK_SGI_FLOOD);
			tk_gicd_wr(GICD_SGIR, (1u << 24) | TK_SGI_FLOOD);
			sent += 2;
		}
	}
	tk_irq_spin(20); /* what is still on its way */
	tk_irq_disable();
	if (peer) {
		peer_done = tk_worker_wait_done(peer_cpu, 1000, &peer_sent);
		peer_received = tk_worker_sgi_count(peer_cpu, TK_SGI_FLOOD);
		tk_printf("# sgi flood: vCPU %u sent %u, received %u; vCPU %u "
			  "sent %u, received %u%s\n", tk_boot.cpu, U(sent),
			  U(flood_received), peer_cpu, U(peer_sent),
			  U(peer_received),
			  peer_done ? "" : " (had not finished after 1 s)");
	}
	tk_printf("sgi flood: %u sent, %u received\n", U(sent + peer_sent),
		  U(flood_received + peer_received));
}

/* Interrupts this vCPU took without having asked for them. */
static void report_foreign_interrupts(void)
{
	struct tk_irq_stats st;

	tk_irq_stats(&st);
	tk_printf("unexpected interrupts: %u (last INTID %u)\n",
		  U(st.unhandled), U(st.last_unhandled));
}

static void timer_latency(void)
{
	struct tk_vt_result r;
	uint32_t frq = tk_cntfrq();

	if (!tk_gic.ok || !tk_plat.has_vtimer || !frq) {
		tk_printf("# timer latency: not run: %s\n",
			  !tk_gic.ok ? tk_gic.why
			  : !frq     ? "CNTFRQ reads 0"
				     : tk_plat.timer_why);
		return;
	}
	tk_vtimer_periodic(LATENCY_PERIODS, frq / 1000u,
			   LATENCY_PERIODS + 2000u, &r);
	if (r.count != LATENCY_PERIODS || r.early || r.stray)
		tk_printf("# timer latency: %u of %u periods arrived, %u "
			  "early, %u stray\n", U(r.count), LATENCY_PERIODS,
			  U(r.early), U(r.stray));
	if (!r.count)
		return; /* no "max 0 ticks" line that could pass for a result */
	tk_printf("timer latency: max %u ticks (%u us), mean %u ticks over %u "
		  "periods\n", U(r.max_late),
		  U((uint64_t)r.max_late * 1000000u / frq), U(r.mean_late),
		  U(r.count));
	report_foreign_interrupts();
}

void tk_run_mode(void)
{
	if (tk_plat.mode == TK_MODE_SGI_FLOOD)
		sgi_flood();
	else if (tk_plat.mode == TK_MODE_TIMER_LATENCY)
		timer_latency();
}
