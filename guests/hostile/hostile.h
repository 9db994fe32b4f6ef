/*
 * hostile: a guest that attacks the hypervisor and the partition beside it
 * (guests/hostile/README.md). Every attack prints what it tried and what it
 * observed as TAP-like lines; "ok" means the attack failed, i.e. the
 * hypervisor held.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <guest/guest.h>

#include <stdbool.h>
#include <stdint.h>

/* Options, from /chosen/bootargs (main.c) */
struct hostile_opts {
	const char *attack; /* hostile.attack=, "" if none */
	unsigned seed;      /* hostile.seed=N (fuzz), default 1 */
	unsigned seconds;   /* hostile.seconds=N (fuzz, console-flood) */
	unsigned count;     /* hostile.count=N (fuzz: most operations) */
	unsigned boots;     /* hostile.boots=N (reset-storm, reset-off-race) */
	unsigned trace;     /* hostile.trace=1: fuzz prints every operation */
};
extern struct hostile_opts hostile_opts;

/* TAP-like results: "ok N - name" / "not ok N - name", "# ..." notes */
void hostile_ok(bool ok, const char *name);
void hostile_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hostile_finish(void) __attribute__((noreturn)); /* summary, SYSTEM_OFF */

/* A boot count that survives SYSTEM_RESET in fixed memory (main.c) */
unsigned hostile_count_boot(void);
void hostile_reset_count(void);

uint64_t hostile_ms_to_ticks(unsigned ms);

/* Attacks (attacks.c, fuzz.c) */
void attack_reset_storm(void);
void attack_reset_off_race(void);
void attack_console_flood(void);
void attack_dt_scan(void);
void attack_pmu_probe(void);
void attack_fuzz(void);

/* vCPU 1's part, entered through guest_secondary_main (main.c) */
void race_secondary(void) __attribute__((noreturn));

/* The access forms of fuzz_access.S: fn(addr, value) -> value read */
typedef uint32_t (*fuzz_access_fn)(uint32_t addr, uint32_t v, uint32_t, uint32_t);
extern const fuzz_access_fn fuzz_access[];
extern const unsigned fuzz_access_count;

#endif
