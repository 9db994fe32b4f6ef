/*
 * rt: a periodic task on the virtual timer, measuring its own jitter.
 *
 * The virtual timer fires every period (1 ms by default); the interrupt
 * handler records how late it was taken (CNTVCT at handler entry minus the
 * programmed CVAL) and programs the next deadline (CVAL += period, skipping
 * ahead over deadlines already past, which count as missed). Every
 * report-periods deadlines (1 s worth by default) it hands the window's
 * statistics to the main loop, which sleeps in WFI otherwise and prints one
 * line per window on the PL011.
 *
 * Options, from /chosen/bootargs:
 *   rt.period-us=N       timer period in microseconds (20..10000000, 1000)
 *   rt.report-periods=N  periods per report line (1..1000000, 1 s worth)
 *   rt.ip=A.B.C.D        its address on the virtual network (the runtime's
 *                        virtio-net driver, guest/virtio_net.h)
 *   rt.stats-to=A.B.C.D:PORT  also send each report line there over UDP
 *   rt.report=channel    publish each window on the "telemetry" channel
 *                        instead; print only past rt.threshold-us=N
 *                        (default 10000) or when 's' is typed
 *                        (telemetry.c)
 */
#include <guest/guest.h>
#include <guest/virtio_net.h>

#include <string.h>

#include "telemetry.h"

#define PERIOD_US_MIN 20u
#define PERIOD_US_MAX 10000000u
#define PERIOD_US_DEFAULT 1000u
#define REPORT_PERIODS_MAX 1000000u
#define PRIO_TIMER 0xa0u
#define STALL_MIN_US 2000000u /* no tick for this long (at least): say so */

/* Set up before the timer starts; read-only afterwards. */
static uint32_t timer_irq, frq;
static uint32_t period_us = PERIOD_US_DEFAULT, report_periods;
static uint64_t period_ticks;
/* The virtual network: our address, where report lines go (0: nowhere). */
static uint32_t net_ip, stats_ip;
static uint16_t stats_port;
#define STATS_SPORT 5000u
static bool to_channel;                 /* rt.report=channel */
static uint32_t threshold_us = 10000u;  /* rt.threshold-us */

/* The statistics of one report window, in ticks. */
struct window {
	uint32_t taken;     /* timer interrupts handled */
	uint32_t missed;    /* deadlines skipped: already past */
	uint32_t deadlines; /* taken + missed */
	uint32_t early;     /* timer interrupts before their deadline */
	uint32_t stray;     /* other interrupts (the runtime disables them) */
	uint32_t last_stray;
	uint64_t max_late, sum_late;
};

/* Owned by the IRQ handler (IRQs masked while it runs). */
static struct window cur;
static uint64_t deadline; /* the programmed CVAL */
static uint32_t stray_seen; /* the runtime's unhandled count at window start */
/* Published by the handler; the main loop copies it with IRQs masked. */
static struct window report;
static volatile uint32_t report_seq;
static volatile uint64_t last_tick; /* CNTVCT of the latest timer interrupt */

/* ---------------------------------------------------------------- IRQ */
/* Other interrupts in this window: the runtime counts and disables them. */
static void count_strays(void)
{
	struct guest_irq_stats st;

	guest_irq_stats(&st);
	cur.stray = st.unhandled - stray_seen;
	cur.last_stray = st.last_unhandled;
}

static void timer_tick(uint32_t iar, void *arg)
{
	uint64_t now = guest_irq_entry_time(), late, skipped = 0;
	uint32_t missed, room;

	(void)iar;
	(void)arg;
	if (now < deadline) { /* not due: a stale or spurious assertion */
		cur.early++;
		guest_cntv_ctl_write(CNTV_CTL_ENABLE); /* unmasked, see below */
		return;
	}
	late = now - deadline;
	if (late >= period_ticks) /* the next deadline(s) already passed too */
		skipped = late / period_ticks;
	deadline += (skipped + 1) * period_ticks;
	guest_cntv_cval_write(deadline);
	/* The hypervisor masked the timer when it took the tick (CTL.IMASK,
	 * docs/architecture.md "Timers"): writing CTL unmasks it. The
	 * dispatcher's ISB makes the condition false before the EOI. */
	guest_cntv_ctl_write(CNTV_CTL_ENABLE);

	last_tick = now;
	cur.taken++;
	cur.deadlines++;
	cur.sum_late += late;
	if (late > cur.max_late)
		cur.max_late = late;
	/* The deadlines skipped follow this one: those past the end of the
	 * window count in the next. */
	missed = skipped > 0xffffffffu ? 0xffffffffu : (uint32_t)skipped;
	room = report_periods > cur.deadlines ? report_periods - cur.deadlines
					      : 0;
	if (missed < room)
		room = missed;
	cur.missed += room;
	cur.deadlines += room;
	if (cur.deadlines >= report_periods) {
		count_strays();
		stray_seen += cur.stray;
		report = cur;
		report_seq++;
		memset(&cur, 0, sizeof(cur));
		cur.missed = cur.deadlines = missed - room;
	}
}

/* ---------------------------------------------------------------- options */
/* Decimal number from s up to the end of the word; false if not one. */
static bool parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint32_t)(*p - '0');
		if (v > 0xffffffffu)
			return false;
	}
	if (p == s || (*p != '\0' && *p != ' '))
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Length of the word at s (up to a space or the end). */
static size_t word_len(const char *s)
{
	size_t n = 0;

	while (s[n] && s[n] != ' ')
		n++;
	return n;
}

/* A.B.C.D (then the end of the word, or ':' with *rest set past it). */
static bool parse_ip(const char *s, uint32_t *ip, const char **rest)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		uint32_t b = 0;
		const char *p = s;

		for (; *s >= '0' && *s <= '9' && s - p < 3; s++)
			b = b * 10 + (uint32_t)(*s - '0');
		if (s == p || b > 255 || (i < 3 && *s++ != '.'))
			return false;
		v = v << 8 | b;
	}
	if (rest && *s == ':')
		*rest = s + 1;
	else if (*s && *s != ' ')
		return false;
	*ip = v;
	return true;
}

static bool word_is(const char *w, size_t n, const char *key)
{
	return strlen(key) == n && !strncmp(w, key, n);
}

static void parse_options(const char *args, bool *report_set)
{
	for (const char *w = args; *w;) {
		size_t n = word_len(w), klen;
		const char *eq;
		uint32_t v;

		if (n == 0) {
			w++;
			continue;
		}
		if (strncmp(w, "rt.", 3)) {
			w += n;
			continue;
		}
		eq = memchr(w, '=', n);
		klen = eq ? (size_t)(eq - w) : n;
		if (word_is(w, klen, "rt.period-us")) {
			if (eq && parse_u32(eq + 1, &v) && v >= PERIOD_US_MIN &&
			    v <= PERIOD_US_MAX)
				period_us = v;
			else
				guest_printf("ignoring \"%.*s\": rt.period-us "
					  "takes microseconds, %u to %u\n",
					  (int)n, w, PERIOD_US_MIN,
					  PERIOD_US_MAX);
		} else if (word_is(w, klen, "rt.report-periods")) {
			if (eq && parse_u32(eq + 1, &v) && v >= 1 &&
			    v <= REPORT_PERIODS_MAX) {
				report_periods = v;
				*report_set = true;
			} else {
				guest_printf("ignoring \"%.*s\": rt.report-periods "
					  "takes a count, 1 to %u\n", (int)n, w,
					  REPORT_PERIODS_MAX);
			}
		} else if (word_is(w, klen, "rt.ip")) {
			if (!eq || !parse_ip(eq + 1, &net_ip, NULL))
				guest_printf("ignoring \"%.*s\": rt.ip takes an "
					     "IPv4 address\n", (int)n, w);
		} else if (word_is(w, klen, "rt.stats-to")) {
			const char *port = NULL;

			if (eq && parse_ip(eq + 1, &stats_ip, &port) && port &&
			    parse_u32(port, &v) && v >= 1 && v <= 65535) {
				stats_port = (uint16_t)v;
			} else {
				stats_ip = 0;
				guest_printf("ignoring \"%.*s\": rt.stats-to "
					     "takes A.B.C.D:PORT\n", (int)n, w);
			}
		} else if (word_is(w, klen, "rt.report")) {
			if (eq && (size_t)(eq + 1 - w) + 7 == n &&
			    !strncmp(eq + 1, "channel", 7))
				to_channel = true;
			else if (!eq || (size_t)(eq + 1 - w) + 7 != n ||
				 strncmp(eq + 1, "console", 7))
				guest_printf("ignoring \"%.*s\": rt.report is "
					     "console or channel\n", (int)n, w);
		} else if (word_is(w, klen, "rt.threshold-us")) {
			if (eq && parse_u32(eq + 1, &v))
				threshold_us = v;
			else
				guest_printf("ignoring \"%.*s\": "
					     "rt.threshold-us takes "
					     "microseconds\n", (int)n, w);
		} else {
			guest_printf("ignoring unknown option \"%.*s\" (known: "
				  "rt.period-us=, rt.report-periods=, rt.ip=, "
				  "rt.stats-to=, rt.report=, rt.threshold-us=)\n",
				  (int)n, w);
		}
		w += n;
	}
}

/* ---------------------------------------------------------------- set-up */
/* With rt.ip and a "virtio,mmio" node: the virtual network. */
static void net_setup(void)
{
	const void *fdt = (const void *)guest_plat.dtb;
	int node = dt_find_compatible(fdt, -1, "virtio,mmio");
	uint64_t mmio = 0;
	uint8_t mac[6];
	char why[80];

	if (node >= 0)
		dt_node_reg(fdt, node, 0, &mmio, NULL);
	if (!mmio || !net_ip) {
		if (stats_ip)
			guest_printf("ignoring rt.stats-to: %s\n", mmio ?
				     "no rt.ip" : "no virtio-net device "
				     "(network = in the partition's "
				     "configuration)");
		stats_ip = net_ip = 0;
		return;
	}
	if (guest_vnet_init((uint32_t)mmio, why, sizeof(why))) {
		guest_printf("virtual network not used: %s\n", why);
		stats_ip = net_ip = 0;
		return;
	}
	guest_vnet_set_ip(net_ip, stats_ip);
	guest_vnet_mac(mac);
	guest_printf("virtual network: %u.%u.%u.%u, MAC "
		     "%02x:%02x:%02x:%02x:%02x:%02x; answers ping and UDP echo "
		     "(port 7)\n", (unsigned)(net_ip >> 24),
		     (unsigned)(net_ip >> 16 & 255), (unsigned)(net_ip >> 8 & 255),
		     (unsigned)(net_ip & 255), mac[0], mac[1], mac[2], mac[3],
		     mac[4], mac[5]);
	if (stats_ip)
		guest_printf("statistics to %u.%u.%u.%u port %u (UDP)\n",
			     (unsigned)(stats_ip >> 24),
			     (unsigned)(stats_ip >> 16 & 255),
			     (unsigned)(stats_ip >> 8 & 255),
			     (unsigned)(stats_ip & 255), (unsigned)stats_port);
}

static void timer_start(void)
{
	guest_gic_init(guest_plat.gicd, guest_plat.gicc);
	guest_gic_set_priority(timer_irq, PRIO_TIMER);
	guest_gic_clear_pending(timer_irq); /* nothing stale */
	guest_irq_set_handler(timer_irq, timer_tick, NULL);
	guest_gic_enable(timer_irq);

	guest_cntv_ctl_write(0);
	guest_isb();
	deadline = guest_cntvct() + period_ticks;
	last_tick = deadline - period_ticks;
	guest_cntv_cval_write(deadline);
	guest_isb();
	guest_cntv_ctl_write(CNTV_CTL_ENABLE);
	guest_isb();
}

static void print_report(const struct window *w, uint32_t dropped,
			 bool console)
{
	char over[24], extra[96], line[200];
	size_t n = 0;

	extra[0] = '\0';
	if (w->missed)
		n += guest_snprintf(extra + n, sizeof(extra) - n, ", %u missed",
				 (unsigned)w->missed);
	if (w->early)
		n += guest_snprintf(extra + n, sizeof(extra) - n, ", %u early",
				 (unsigned)w->early);
	if (w->stray)
		n += guest_snprintf(extra + n, sizeof(extra) - n,
				 ", %u other interrupt(s) (last INTID %u)",
				 (unsigned)w->stray, (unsigned)w->last_stray);
	if (dropped)
		guest_snprintf(extra + n, sizeof(extra) - n, ", %u report(s) "
			    "not printed", (unsigned)dropped);
	n = guest_snprintf(line, sizeof(line), "%u periods of %u us: lateness "
		  "max %llu us, mean %llu us, over %s%s\n", (unsigned)w->taken,
		  (unsigned)period_us,
		  (unsigned long long)guest_ticks_to_us(w->max_late),
		  (unsigned long long)(w->taken ? guest_ticks_to_us(w->sum_late /
							       w->taken)
						: 0),
		  guest_fmt_us(over, sizeof(over),
			    (uint64_t)w->deadlines * period_us),
		  extra);
	if (console)
		guest_printf("%s", line);
	if (stats_ip) { /* "rt: " first, as on the console: whose it is */
		char dgram[sizeof(line) + 4] = "rt: ";

		memcpy(dgram + 4, line, n);
		guest_vnet_send_udp(STATS_SPORT, stats_port, dgram, n + 4);
	}
}

/*
 * rt.report=channel: the window goes to the channel; the console hears of
 * it only past the threshold or when asked.
 */
static void report_window(const struct window *w, uint32_t dropped,
			  bool asked)
{
	struct rt_telemetry t = {
		.period_us = period_us,
		.deadlines = w->deadlines,
		.taken = w->taken,
		.missed = w->missed,
		.early = w->early,
		.max_late_us = (uint32_t)guest_ticks_to_us(w->max_late),
		.mean_late_us = (uint32_t)(w->taken
			? guest_ticks_to_us(w->sum_late / w->taken) : 0),
	};

	if (!to_channel) {
		print_report(w, dropped, true);
		return;
	}
	rt_telemetry_publish(&t);
	if (t.max_late_us > threshold_us) {
		guest_printf("lateness %u us is over the %u us threshold:\n",
			     (unsigned)t.max_late_us, (unsigned)threshold_us);
		print_report(w, dropped, true);
	} else if (asked) {
		guest_printf("on request:\n");
		print_report(w, dropped, true);
	} else {
		print_report(w, dropped, false); /* the network only */
	}
}

static void __attribute__((noreturn)) run(void)
{
	uint64_t stall_ticks = (uint64_t)report_periods * period_ticks * 3;
	uint64_t min_stall = (uint64_t)frq * (STALL_MIN_US / 1000000u);
	uint32_t seen = 0;
	bool stalled = false, asked = false;

	if (stall_ticks < min_stall)
		stall_ticks = min_stall;
	for (;;) {
		struct window w;
		uint32_t seq;

		guest_irq_disable();
		seq = report_seq;
		if (seq != seen) {
			w = report;
			guest_irq_enable();
			report_window(&w, seq - seen - 1, asked);
			asked = false;
			seen = seq;
			stalled = false;
			continue;
		}
		if (!stalled && guest_cntvct() - last_tick > stall_ticks) {
			uint32_t ctl = guest_cntv_ctl_read();

			guest_irq_enable();
			stalled = true;
			guest_printf("no timer interrupt for %llu ms (CNTV_CTL "
				     "0x%x); still waiting\n",
				     (unsigned long long)(guest_ticks_to_us(
					     guest_cntvct() - last_tick) / 1000u),
				     (unsigned)ctl);
			continue;
		}
		if (net_ip) /* at least once a period; IRQs masked: a few us */
			guest_vnet_poll();
		if (to_channel && rt_telemetry_requested())
			asked = true; /* answered with the next window */
		/* Takes the interrupt and returns; one that arrived after the
		 * check above is not slept through (gic.h). */
		guest_wfi_irq();
	}
}

void guest_main(void)
{
	char why[160], buf[24], every[40];
	bool report_set = false;

	if (guest_setup(why, sizeof(why)))
		guest_fatal("cannot run: %s; powering off", why);
	if (!guest_plat.has_gic)
		guest_fatal("cannot run: %s; powering off", guest_plat.gic_why);
	if (!guest_plat.has_vtimer)
		guest_fatal("cannot run: %s; powering off",
			    guest_plat.timer_why);
	if (!guest_plat.has_uart)
		guest_fatal("cannot run: no console: %s (the partition needs "
			    "console = \"virtual\" or a passthrough PL011); "
			    "powering off", guest_plat.uart_why);
	guest_console_use_uart(guest_plat.uart);
	timer_irq = guest_plat.vtimer_irq;
	frq = guest_cntfrq(); /* or the timer node's clock-frequency */
	if (!frq)
		guest_fatal("cannot run: CNTFRQ reads 0 and the timer node has "
			    "no clock-frequency (timer frequency unknown); "
			    "powering off");

	parse_options(guest_plat.bootargs, &report_set);
	period_ticks = guest_us_to_ticks(period_us);
	if (!period_ticks)
		guest_fatal("cannot run: a period of %u us is less than one tick "
			    "of the %u Hz counter; powering off",
			    (unsigned)period_us, (unsigned)frq);
	if (!report_set) {
		report_periods = (1000000u + period_us / 2) / period_us;
		if (!report_periods)
			report_periods = 1;
	}

	net_setup();
	if (to_channel && rt_telemetry_open(why, sizeof(why))) {
		guest_printf("rt.report=channel: %s; reporting on the console\n",
			     why);
		to_channel = false;
	}
	if ((uint64_t)report_periods * period_us == 1000000u)
		guest_snprintf(every, sizeof(every), "every second");
	else
		guest_snprintf(every, sizeof(every), "every %s",
			       guest_fmt_us(buf, sizeof(buf),
					    (uint64_t)report_periods * period_us));
	guest_printf("periodic timer %s on the virtual timer (INTID %u), "
		     "reporting %s%s\n", guest_fmt_us(buf, sizeof(buf), period_us),
		     (unsigned)timer_irq, every,
		     to_channel ? " on channel telemetry (console: over the "
				  "threshold, or type s)"
				: "");
	timer_start();
	run();
}
