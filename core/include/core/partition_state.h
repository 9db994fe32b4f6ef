/*
 * The lifecycle of a partition: its states, the transitions allowed
 * between them, and how requests that meet resolve, in one place.
 * core/partition.c makes every change of state through
 * partition_state_allowed() and decides every request with
 * partition_request_resolve(), under the partition's lock; the state is
 * read without the lock only to decide whether to look closer.
 *
 *                 start                      SYSTEM_RESET
 *   PART_CREATED -------> PART_RUNNING ---------------------> PART_RESETTING
 *                          |      ^                              |   |
 *     SYSTEM_OFF or an     |      +------ reloaded, vCPU 0 ------+   |
 *     unhandled exit       v                 pending                 |
 *                    PART_STOPPING                                   |
 *                          |  every other vCPU parked                |
 *                          v                                         |
 *                       PART_OFF <-- the reload failed, or a stop ---+
 *                                    arrived during the reset
 *
 * - CREATED: built (memory, stage 2, devices attached), nothing loaded.
 * - RUNNING: the only state in which a vCPU may start (PSCI CPU_ON pending
 *   vCPUs are picked up by their CPU's loop, core/vcpu.c).
 * - RESETTING and STOPPING: one vCPU (the one that asked: the owner) owns
 *   the partition; it has asked every other vCPU to leave its guest and
 *   waits until they have parked. Only the owner ever waits, so two vCPUs
 *   never wait for each other.
 * - OFF: final. Nothing runs; the partition is never destroyed.
 *
 * Requests meeting a transition under way (the requester always parks; its
 * request is never silently dropped: a stop is carried out, a duplicate is
 * merged, a reset that loses to a stop is logged):
 *
 *   under way \ request   SYSTEM_RESET            SYSTEM_OFF, unhandled exit
 *   (none: RUNNING)       owns the reset          owns the stop
 *   RESETTING             JOIN: one reset         OVERRIDE: recorded; the owner,
 *                                                 once the others have parked,
 *                                                 stops the partition (-> OFF)
 *                                                 instead of reloading it
 *   STOPPING              SUPERSEDED: the         JOIN: one stop
 *                         partition goes off
 *   OFF, CREATED          LATE: nothing to do     LATE: nothing to do
 *
 * A stop beats a reset, whichever came first: both are "the guest is
 * done", a stop is the one that cannot be redone by the guest, and the
 * machine must be able to power off even while a guest resets in a loop.
 * A fault (unhandled exit) is a stop: its register dump is printed by the
 * faulting vCPU before it asks. PSCI CPU_OFF during either transition is
 * an ordinary park; CPU_ON sets its target ON_PENDING, but a vCPU starts
 * only in RUNNING, and start() (the end of a reset) turns every vCPU but
 * vCPU 0 off: a CPU_ON from before the reset does not survive it.
 *
 * Pure logic, no locking: host-tested (tests/unit/test_partition_state.c).
 */
#ifndef CORE_PARTITION_STATE_H
#define CORE_PARTITION_STATE_H

#include <stdbool.h>

enum partition_state {
	PART_CREATED,
	PART_RUNNING,
	PART_RESETTING,
	PART_STOPPING,
	PART_OFF,
};

/* What a vCPU asks of its whole partition. */
enum partition_request {
	PART_REQ_RESET, /* PSCI SYSTEM_RESET */
	PART_REQ_STOP,  /* PSCI SYSTEM_OFF or an unhandled exit */
};

/* How a request is resolved, given the state the partition is in. */
enum partition_verdict {
	PART_OWN,        /* the requester carries the transition out */
	PART_JOIN,       /* the same transition is under way: park */
	PART_OVERRIDE,   /* a stop during a reset: recorded, the owner stops */
	PART_SUPERSEDED, /* a reset during a stop: the partition goes off */
	PART_LATE,       /* nothing runs (CREATED, OFF): park */
};

/* May a partition in state `from` move to state `to`? */
bool partition_state_allowed(enum partition_state from,
			     enum partition_state to);
/* The verdict on request r reaching a partition in state s. */
enum partition_verdict partition_request_resolve(enum partition_state s,
						 enum partition_request r);
/*
 * Where a reset's owner takes the partition once every other vCPU has
 * parked: PART_OFF when a stop was recorded meanwhile, else PART_RUNNING
 * (by reloading it; PART_OFF again if that fails).
 */
enum partition_state partition_reset_outcome(bool stop_recorded);
/* "running", "resetting", ... for messages. */
const char *partition_state_name(enum partition_state s);

#endif
