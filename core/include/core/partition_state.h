/*
 * The lifecycle of a partition: its states and the transitions allowed
 * between them, in one place. core/partition.c makes every change of state
 * through partition_state_allowed(), under the partition's lock; the state
 * is read without the lock only to decide whether to look closer.
 *
 *                 start                      SYSTEM_RESET
 *   PART_CREATED -------> PART_RUNNING ---------------------> PART_RESETTING
 *                          |      ^                              |   |
 *     SYSTEM_OFF or an     |      +------ reloaded, vCPU 0 ------+   |
 *     unhandled exit       v                 pending                 |
 *                    PART_STOPPING                                   |
 *                          |  every other vCPU parked                |
 *                          v                                         |
 *                       PART_OFF <------ the reload failed ----------+
 *
 * - CREATED: built (memory, stage 2, devices attached), nothing loaded.
 * - RUNNING: the only state in which a vCPU may start (PSCI CPU_ON pending
 *   vCPUs are picked up by their CPU's loop, core/vcpu.c).
 * - RESETTING and STOPPING: one vCPU (the one that asked) owns the
 *   partition; it has asked every other vCPU to leave its guest and waits
 *   until they have parked. Requests arriving meanwhile from other vCPUs
 *   (another SYSTEM_RESET, SYSTEM_OFF, an unhandled exit) are refused: the
 *   requester just parks, so two owners can never wait for each other.
 * - OFF: final. Nothing runs; the partition is never destroyed.
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

/* May a partition in state `from` move to state `to`? */
bool partition_state_allowed(enum partition_state from,
			     enum partition_state to);
/* "running", "resetting", ... for messages. */
const char *partition_state_name(enum partition_state s);

#endif
