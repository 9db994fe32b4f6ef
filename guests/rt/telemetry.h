/* rt's telemetry on a channel (telemetry.c, docs/channels.md). */
#ifndef RT_TELEMETRY_H
#define RT_TELEMETRY_H

#include <stdbool.h>
#include <stdint.h>

/* One report window as published on the channel. */
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
int rt_telemetry_open(char *why, unsigned whylen);
void rt_telemetry_publish(struct rt_telemetry *t);
/* Was 's' typed on the console since the last call? */
bool rt_telemetry_requested(void);

#endif
