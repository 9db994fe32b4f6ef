/* The partition lifecycle's transition table (core/include/core/partition_state.h). */
#include <core/partition_state.h>

#define BIT(s) (1u << (s))

/* allowed[from]: the states `from` may move to. */
static const unsigned allowed[] = {
	[PART_CREATED] = BIT(PART_RUNNING),
	[PART_RUNNING] = BIT(PART_RESETTING) | BIT(PART_STOPPING),
	[PART_RESETTING] = BIT(PART_RUNNING) | BIT(PART_OFF),
	[PART_STOPPING] = BIT(PART_OFF),
	[PART_OFF] = 0,
};

bool partition_state_allowed(enum partition_state from,
			     enum partition_state to)
{
	if ((unsigned)from >= sizeof(allowed) / sizeof(allowed[0]) ||
	    (unsigned)to > PART_OFF)
		return false;
	return (allowed[from] & BIT(to)) != 0;
}

enum partition_verdict partition_request_resolve(enum partition_state s,
						 enum partition_request r)
{
	bool reset = r == PART_REQ_RESET;

	switch (s) {
	case PART_RUNNING:
		return PART_OWN;
	case PART_RESETTING:
		return reset ? PART_JOIN : PART_OVERRIDE;
	case PART_STOPPING:
		return reset ? PART_SUPERSEDED : PART_JOIN;
	default:
		return PART_LATE;
	}
}

enum partition_state partition_reset_outcome(bool stop_recorded)
{
	return stop_recorded ? PART_OFF : PART_RUNNING;
}

const char *partition_state_name(enum partition_state s)
{
	static const char *const names[] = {
		[PART_CREATED] = "created",   [PART_RUNNING] = "running",
		[PART_RESETTING] = "resetting", [PART_STOPPING] = "stopping",
		[PART_OFF] = "off",
	};

	if ((unsigned)s >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[s];
}
