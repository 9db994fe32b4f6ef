/*
 * With testkit.channel: two testkit partitions joined by two channels
 * (docs/channels.md; tests/system/configs/vexpress-a15/testkit-channel.dts):
 * "pingpong", both read-write, and "oneway", written by endpoint 0 of
 * pingpong ("ping") and read-only for the other ("pong"). Both run the
 * same checks; the role comes from the endpoint index in the tree.
 *
 *   channel_nodes_and_doorbell_registers: both channels are in the tree
 *     (tessera,channel) and the doorbell page's ENDPOINT, ENDPOINTS, ID and
 *     SIZE registers say the same.
 *   channel_hypercall_refuses_foreign_channel: HC_CHANNEL_RING on a channel
 *     the partition is not on is HC_INVALID_PARAMETER, on its own 0.
 *   channel_read_only_write_aborts (pong): a write to the read-only
 *     channel's memory is a data abort and changes nothing.
 *   channel_ping_pong: PING_ROUNDS records each way through the ring
 *     library (guests/lib/channel.c), each announced by a doorbell (MMIO
 *     register and HC_CHANNEL_RING in turn) and awaited in WFI: every reply
 *     carries the sequence number it answers, at least one doorbell
 *     interrupt was taken. Prints the round-trip time (with
 *     testkit.channel-bench as a "bench:" line, docs/benchmarks.md) and
 *     the throughput of a burst.
 *   channel_read_only_receives (pong) / channel_read_write_sends (ping):
 *     ping publishes records on oneway, pong reads them all, in order,
 *     none lost.
 *
 *
 * With testkit.channel-flood, the partition instead rings the first
 * channel's doorbell for ever, from the start (before the other checks),
 * alternating the MMIO register and HC_CHANNEL_RING; with
 * testkit.channel-victim, its peer runs every check beside the flood and
 * then, as channel_flood_victim_progresses, takes the doorbell for
 * VICTIM_MS: interrupts come (at most one pending at a time) and its own
 * loop still runs.
 *
 * Waits for the peer are bounded (PEER_WAIT_MS) and only end a wait for
 * something that never comes; times are printed, not judged.
 */
#include <stdio.h>
#include <string.h>

#include <guest/channel.h>
#include "testkit.h"

#define U(x) ((unsigned)(x))
#define PEER_WAIT_MS 120000u /* the peer may still be in its other checks */
#define PING_ROUNDS 64u
#define BURST_RECORDS 2000u
#define BURST_MS 10000u
#define ONEWAY_RECORDS 8u
#define HC_INVALID_PARAMETER (-3)
#define VICTIM_MS 500u

static struct chan pp, ow;
static volatile uint32_t doorbells;
static char why[160];

static bool requested(const char *word)
{
	return dt_bootarg_word(guest_plat.bootargs, word);
}

static void doorbell_handler(uint32_t iar, void *arg)
{
	(void)iar;
	(void)arg;
	doorbells++;
}

/* Edge-triggered, enabled, to this vCPU's handler. */
static void enable_doorbell(const struct chan *ch)
{
	unsigned id = ch->intid;
	uint32_t cfg = gicd_rd(GICD_ICFGR + 4 * (id / 16));

	guest_irq_set_handler(id, doorbell_handler, NULL);
	gicd_wr(GICD_ICFGR + 4 * (id / 16), cfg | 2u << (2 * (id % 16)));
	gicd_wr(GICD_ISENABLER + 4 * (id / 32), 1u << (id % 32));
}

static void ring(const struct chan *ch, unsigned n)
{
	if (n % 2)
		chan_ring_hvc(ch);
	else
		chan_ring(ch);
}

/* Waits (WFI, IRQs unmasked) for a record from the peer; its length. */
static int wait_recv(struct chan *ch, void *buf, uint32_t max, uint32_t ms)
{
	struct guest_poll p;
	int rc;

	guest_poll_start(&p, ms);
	while ((rc = chan_recv(ch, buf, max, NULL)) == CHAN_EMPTY &&
	       !guest_poll_expired(&p))
		guest_wfi_irq();
	return rc;
}

static void nodes_and_registers(void)
{
	struct tk_diag d;
	const struct chan *chs[2] = {&pp, &ow};

	tk_begin("channel_nodes_and_doorbell_registers");
	tk_diag_init(&d);
	for (unsigned i = 0; i < 2; i++) {
		const struct chan *c = chs[i];
		uint32_t ep = guest_ld32(c->doorbell + CHAN_REG_ENDPOINT),
			 n = guest_ld32(c->doorbell + CHAN_REG_ENDPOINTS),
			 id = guest_ld32(c->doorbell + CHAN_REG_ID),
			 size = guest_ld32(c->doorbell + CHAN_REG_SIZE);

		guest_printf("# channel %s: id %u, endpoint %u of %u (%s), "
			  "memory 0x%08x + 0x%x, doorbell 0x%08x, INTID %u\n",
			  c->name, U(c->id), U(c->ep), U(c->nr_ep),
			  c->ro[c->ep] ? "ro" : "rw", U(c->base), U(c->size),
			  U(c->doorbell), c->intid);
		if (ep != c->ep || n != c->nr_ep || id != c->id ||
		    size != c->size)
			tk_diag_add(&d, "%s: doorbell registers endpoint %u, "
				    "endpoints %u, id %u, size 0x%x; the tree "
				    "says %u, %u, %u, 0x%x", c->name, U(ep),
				    U(n), U(id), U(size), U(c->ep),
				    U(c->nr_ep), U(c->id), U(c->size));
	}
	tk_report(&d);
}

static void hypercall_refuses_foreign(void)
{
	int32_t other = (int32_t)guest_hvc(CHAN_HC_RING, 7, 0, 0);
	int32_t own = (int32_t)guest_hvc(CHAN_HC_RING, ow.id, 0, 0);

	tk_begin("channel_hypercall_refuses_foreign_channel");
	if (other != HC_INVALID_PARAMETER || own != 0)
		tk_fail("HC_CHANNEL_RING(7) = %ld, expected %d; on its own "
			"channel %u: %ld", (long)other, HC_INVALID_PARAMETER,
			U(ow.id), (long)own);
	else
		tk_pass();
}

static void read_only_write_aborts(void)
{
	struct guest_caught c;
	uint32_t pc, before = guest_ld32(ow.base + 0x100), after;

	tk_begin("channel_read_only_write_aborts");
	guest_expect(EXPECT_DABT);
	guest_st32_pc(ow.base + 0x100, ~before, &pc);
	guest_expect_done(&c);
	after = guest_ld32(ow.base + 0x100);
	if (c.type < 0)
		tk_fail("a write to read-only channel memory at 0x%08x did not "
			"abort", U(ow.base + 0x100));
	else if (c.far != ow.base + 0x100 || c.pc != pc || after != before)
		tk_fail("abort at pc 0x%08x DFAR 0x%08x (the store: pc 0x%08x, "
			"0x%08x); memory 0x%08x -> 0x%08x", U(c.pc), U(c.far),
			U(pc), U(ow.base + 0x100), U(before), U(after));
	else
		tk_pass();
}

struct msg {
	uint32_t seq;
	char text[12];
};

static uint64_t ticks_to_ns(uint64_t t)
{
	uint32_t f = guest_cntfrq();

	return f ? t * 1000000000ull / f : 0;
}

/* ping sends, pong answers; returns the ticks PING_ROUNDS took (ping). */
static void ping_pong(void)
{
	bool ping = pp.ep == 0;
	struct tk_diag d;
	struct msg m;
	uint64_t t0 = 0, t1;
	int rc;

	tk_begin("channel_ping_pong");
	tk_diag_init(&d);
	doorbells = 0;
	for (uint32_t i = 0; i < PING_ROUNDS && !d.n; i++) {
		if (ping) {
			m.seq = i;
			snprintf(m.text, sizeof(m.text), "ping %u", U(i));
			if ((rc = chan_send(&pp, &m, sizeof(m))) != CHAN_OK) {
				tk_diag_add(&d, "send %u: %d", U(i), rc);
				break;
			}
			ring(&pp, i);
		}
		rc = wait_recv(&pp, &m, sizeof(m),
			       i ? PEER_WAIT_MS / 4 : PEER_WAIT_MS);
		if (i == 0 && ping)
			t0 = guest_cntvct(); /* the peer is surely there now */
		if (rc != (int)sizeof(m)) {
			tk_diag_add(&d, "round %u: receive: %d", U(i), rc);
			break;
		}
		if (m.seq != i || strncmp(m.text, ping ? "pong" : "ping", 4))
			tk_diag_add(&d, "round %u: received seq %u \"%.11s\"",
				    U(i), U(m.seq), m.text);
		if (!ping) {
			snprintf(m.text, sizeof(m.text), "pong %u", U(i));
			if ((rc = chan_send(&pp, &m, sizeof(m))) != CHAN_OK)
				tk_diag_add(&d, "reply %u: %d", U(i), rc);
			ring(&pp, i);
		}
	}
	t1 = guest_cntvct();
	if (!d.n && !doorbells)
		tk_diag_add(&d, "no doorbell interrupt taken");
	if (d.n) {
		tk_report(&d);
		return;
	}
	if (ping) {
		uint64_t ns = ticks_to_ns(t1 - t0) / (PING_ROUNDS - 1);

		tk_pass_note("%u round trips, %u doorbell interrupts, %u ns "
			     "each", PING_ROUNDS, U(doorbells), U(ns));
		if (requested("testkit.channel-bench"))
			guest_printf("bench: doorbell_round_trip: %u instructions "
				  "per round trip (%u iterations)\n", U(ns),
				  PING_ROUNDS - 1);
	} else {
		tk_pass_note("%u round trips, %u doorbell interrupts",
			     PING_ROUNDS, U(doorbells));
	}
}

/*
 * Throughput: ping streams BURST_RECORDS 64-byte records; when the ring is
 * full it rings and sleeps in WFI until pong, having drained it, rings
 * back. Neither side spins, as a real producer would not. Printed, not
 * judged.
 */
static void burst(void)
{
	static uint8_t rec[64];
	bool ping = pp.ep == 0;
	uint64_t t0 = guest_cntvct(), ns;
	uint32_t n = 0, unacked = 0;
	struct guest_poll p;

	guest_poll_start(&p, BURST_MS);
	while (n < BURST_RECORDS && !guest_poll_expired(&p)) {
		if (ping) {
			rec[0] = (uint8_t)n;
			if (chan_send(&pp, rec, sizeof(rec)) == CHAN_OK) {
				n++;
				continue;
			}
			chan_ring(&pp); /* full: the reader must know */
			guest_wfi_irq();   /* until it has made room */
		} else if (chan_recv(&pp, rec, sizeof(rec), NULL) > 0) {
			n++;
			unacked++;
		} else {
			if (unacked)
				chan_ring(&pp); /* drained: room again */
			unacked = 0;
			guest_wfi_irq();
		}
	}
	chan_ring(&pp);
	ns = ticks_to_ns(guest_cntvct() - t0);
	if (n < BURST_RECORDS)
		guest_printf("# channel burst: %s stopped after %u records (%u "
			  "doorbell interrupts)\n", ping ? "sending" : "receiving",
			  U(n), U(doorbells));
	if (ping || !ns)
		return;
	guest_printf("# channel burst: %u records of 64 bytes in %u us\n", U(n),
		  U(ns / 1000));
	if (requested("testkit.channel-bench"))
		guest_printf("bench: channel_throughput: %u KiB/s of 64-byte "
			  "records (%u records)\n",
			  U((uint64_t)n * 64 * 1000000000ull / ns / 1024), U(n));
}

static void one_way(void)
{
	bool writer = !ow.ro[ow.ep];
	struct tk_diag d;
	struct msg m;
	int rc;

	tk_begin(writer ? "channel_read_write_sends"
			: "channel_read_only_receives");
	tk_diag_init(&d);
	for (uint32_t i = 0; i < ONEWAY_RECORDS && !d.n; i++) {
		if (writer) {
			m.seq = i;
			snprintf(m.text, sizeof(m.text), "tele %u", U(i));
			if ((rc = chan_send(&ow, &m, sizeof(m))) != CHAN_OK)
				tk_diag_add(&d, "send %u: %d", U(i), rc);
			ring(&ow, i);
			continue;
		}
		rc = wait_recv(&ow, &m, sizeof(m), PEER_WAIT_MS / 4);
		if (rc != (int)sizeof(m))
			tk_diag_add(&d, "record %u: receive: %d", U(i), rc);
		else if (m.seq != i || strncmp(m.text, "tele", 4))
			tk_diag_add(&d, "record %u: seq %u \"%.11s\"", U(i),
				    U(m.seq), m.text);
	}
	if (!writer && ow.ring[0].lost)
		tk_diag_add(&d, "%u record(s) lost", U(ow.ring[0].lost));
	if (!writer && chan_send(&ow, &m, sizeof(m)) != CHAN_READ_ONLY)
		tk_diag_add(&d, "chan_send on the read-only endpoint did not "
			    "refuse");
	tk_report(&d);
}

void tk_channel_flood(void)
{
	struct chan c;
	uint32_t n = 0;

	if (!requested("testkit.channel-flood"))
		return;
	if (chan_open(&c, (const void *)guest_plat.dtb, NULL, why, sizeof(why))) {
		guest_printf("doorbell flood: not run: %s\n", why);
		return;
	}
	guest_printf("doorbell flood: running on channel %s\n", c.name);
	for (;;)
		ring(&c, n++);
}

/* Beside a flood: the doorbell enabled for VICTIM_MS, the CPU still ours. */
static void flood_victim(void)
{
	struct chan c;
	struct guest_poll p;
	uint32_t spins = 0;

	tk_begin("channel_flood_victim_progresses");
	if (!tk_gic.ok || chan_open(&c, (const void *)guest_plat.dtb, NULL, why,
				    sizeof(why))) {
		tk_fail("%s", tk_gic.ok ? why : tk_gic.why);
		return;
	}
	doorbells = 0;
	enable_doorbell(&c);
	guest_poll_start(&p, VICTIM_MS);
	guest_irq_enable();
	while (!guest_poll_expired(&p))
		spins++;
	guest_irq_disable();
	gicd_wr(GICD_ICENABLER + 4 * (c.intid / 32), 1u << (c.intid % 32));
	if (!doorbells || !spins)
		tk_fail("in %u ms: %u doorbell interrupts, %u loop iterations",
			VICTIM_MS, U(doorbells), U(spins));
	else
		tk_pass_note("in %u ms: %u doorbell interrupts, %u loop "
			     "iterations", VICTIM_MS, U(doorbells), U(spins));
}

void tk_check_channel(void)
{
	if (requested("testkit.channel-victim"))
		flood_victim();
	if (!requested("testkit.channel"))
		return;
	tk_begin("channel_open");
	if (!tk_gic.ok) {
		tk_fail("%s", tk_gic.why);
		return;
	}
	if (chan_open(&pp, (const void *)guest_plat.dtb, "pingpong", why,
		      sizeof(why)) ||
	    chan_open(&ow, (const void *)guest_plat.dtb, "oneway", why,
		      sizeof(why))) {
		tk_fail("%s", why);
		return;
	}
	tk_pass();
	enable_doorbell(&pp);
	enable_doorbell(&ow);
	nodes_and_registers();
	hypercall_refuses_foreign();
	if (ow.ro[ow.ep])
		read_only_write_aborts();
	ping_pong();
	burst();
	one_way();
}
