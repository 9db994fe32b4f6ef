/*
 * ABI_U(x): an unsigned constant in C, the bare number in assembly (which
 * has no 'u' suffix), so that one header serves both.
 */
#ifndef TESSERA_ABI_UTIL_H
#define TESSERA_ABI_UTIL_H

#ifdef __ASSEMBLER__
#define ABI_U(x) x
#else
#define ABI_U_(x) x##u
#define ABI_U(x) ABI_U_(x)
#endif

#endif
