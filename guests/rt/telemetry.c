/*
 * rt.report=channel: each report window goes to the "telemetry" channel
 * (docs/channels.md) as one record, and the console gets a line only when
 * the window's maximum lateness passes rt.threshold-us, or when 's' is
 * typed on rt's console (Ctrl-\ then the partition's number gives it the
 * input focus). Record layout: struct rt_telemetry in rt.h, little-endian
 * 32-bit words, in a lossy ring (the reader is read-only).
 */
#include "rt.h"

#include "channel.h"

static struct chan tele;
static uint32_t tele_seq;

int rt_telemetry_open(const void *fdt, char *why, size_t whylen)
{
	return chan_open(&tele, fdt, "telemetry", why, (unsigned)whylen);
}

void rt_telemetry_publish(struct rt_telemetry *t)
{
	t->seq = ++tele_seq;
	if (chan_send(&tele, t, sizeof(*t)) == CHAN_OK)
		chan_ring(&tele);
}

bool rt_telemetry_requested(void)
{
	bool asked = false;
	int c;

	while ((c = rt_uart_getc()) >= 0)
		asked |= c == 's' || c == 'S';
	return asked;
}
