/*
 * Exceptions other than IRQ: every vector saves the interrupted registers
 * as a struct guest_frame and calls guest_exception(). An exception the
 * vCPU was told to expect (guest_expect) is recorded and skipped; anything
 * else goes to guest_unexpected(), whose default reports it and powers the
 * partition off.
 */
#ifndef GUEST_EXCEPTION_H
#define GUEST_EXCEPTION_H

#include <guest/layout.h>
#include <stddef.h>
#include <stdint.h>

/* The frame start.S builds on the mode's stack (64 bytes). */
struct guest_frame {
	uint32_t spsr, pad;
	uint32_t r[13];
	uint32_t pc; /* the faulting (or interrupted) instruction */
};

/*
 * Expected exceptions: guest_expect(mask) arms this vCPU to catch one
 * exception of the types in mask (1 << EXC_*) taken from ARM state; the
 * handler records it and resumes after the faulting instruction.
 * guest_expect_done() disarms and says what was caught (type -1: nothing).
 */
struct guest_caught {
	int type;
	uint32_t pc;  /* the faulting instruction */
	uint32_t far; /* DFAR or IFAR */
	uint32_t fsr; /* DFSR or IFSR */
};
#define EXPECT_DABT (1u << EXC_DABT)
#define EXPECT_PABT (1u << EXC_PABT)
#define EXPECT_UNDEF (1u << EXC_UNDEF)
void guest_expect(uint32_t mask);
void guest_expect_done(struct guest_caught *c);

const char *guest_exc_name(int type); /* "data abort"...; -1: "no exception" */
const char *guest_mode_name(uint32_t mode); /* "svc"... */

/* start.S calls it for every exception but IRQ; may move f->pc. */
void guest_exception(unsigned type, struct guest_frame *f);

/*
 * An exception nobody expected. The default prints what and where
 * (guest_exception_describe) and powers off; a guest may provide its own
 * (testkit reports a failed check).
 */
void guest_unexpected(unsigned type, struct guest_frame *f)
	__attribute__((noreturn));
/* "unexpected data abort at pc 0x... (DFAR 0x..., DFSR 0x...)" */
void guest_exception_describe(unsigned type, const struct guest_frame *f,
			      char *buf, size_t len);
/* Prints the frame's r0-r12, SP, LR (of the interrupted mode, when it can
 * be read) and PC, four to a line, each line starting with prefix. */
void guest_exception_dump(const struct guest_frame *f, const char *prefix);

#endif
