/*
 * rt.report=channel: each report window goes to the "telemetry" channel
 * (docs/channels.md) as one record, and the console gets a line only when
 * the window's maximum lateness passes rt.threshold-us, or when 's' is
 * typed on rt's console (Ctrl-\ n gives rt the input focus). Record layout:
 * struct rt_telemetry in telemetry.h, little-endian 32-bit words, in a
 * lossy ring (the reader is read-only).
 */
#include <guest/channel.h>
#include <guest/guest.h>
#include <hw/pl011.h>

#include "telemetry.h"

static struct chan tele;
static uint32_t tele_seq;

int rt_telemetry_open(char *why, unsigned whylen)
{
	return chan_open(&tele, (const void *)guest_plat.dtb, "telemetry",
			 why, whylen);
}

void rt_telemetry_publish(struct rt_telemetry *t)
{
	t->seq = ++tele_seq;
	if (chan_send(&tele, t, sizeof(*t)) == CHAN_OK)
		chan_ring(&tele);
}

/* Drains the console UART's receive FIFO; was 's' among it? */
bool rt_telemetry_requested(void)
{
	bool asked = false;

	while (guest_plat.has_uart &&
	       !(guest_ld32(guest_plat.uart + UART_FR) & UART_FR_RXFE)) {
		uint32_t c = guest_ld32(guest_plat.uart + UART_DR) & 0xffu;

		asked |= c == 's' || c == 'S';
	}
	return asked;
}
