/* What the Hyp vectors save for the C handlers. */
#ifndef ARCH_EXCEPTION_H
#define ARCH_EXCEPTION_H

#include <stdint.h>

/* Layout shared with hyp_vectors.S */
struct hyp_frame {
	uint32_t r[13];
	uint32_t sp;
	uint32_t lr;
	uint32_t elr;
	uint32_t spsr;
	uint32_t vector;
};

extern char hyp_vectors[];

void hyp_unexpected_exception(struct hyp_frame *f) __attribute__((noreturn));

#endif
