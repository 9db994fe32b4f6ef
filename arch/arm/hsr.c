/*
 * HSR decoding shared by the exit path and the dumps: the condition of a
 * trapped instruction, names of exception classes and fault codes.
 */
#include <arch/cpu.h>
#include <arch/hsr.h>
#include <stddef.h>

#define PSR_IT_LO(cpsr) (((cpsr) >> 25) & 3u)
#define PSR_IT_HI(cpsr) (((cpsr) >> 10) & 0x3fu)

static uint32_t itstate(uint32_t cpsr)
{
	return PSR_IT_HI(cpsr) << 2 | PSR_IT_LO(cpsr);
}

uint32_t hsr_it_advance(uint32_t cpsr)
{
	uint32_t it = itstate(cpsr);

	if (!(cpsr & PSR_T) || !it)
		return cpsr;
	it = (it & 7) ? ((it & 0xe0) | ((it << 1) & 0x1f)) : 0;
	cpsr &= ~((0x3fu << 10) | (3u << 25));
	return cpsr | (it >> 2) << 10 | (it & 3) << 25;
}

bool hsr_condition_check(uint32_t hsr, uint32_t cpsr)
{
	bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, c = cpsr >> 29 & 1,
	     v = cpsr >> 28 & 1, r;
	uint32_t cond;

	if (hsr & HSR_CV)
		cond = HSR_COND(hsr);
	else if ((cpsr & PSR_T) && itstate(cpsr))
		cond = itstate(cpsr) >> 4;
	else
		return true;
	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = !z && n == v; break;
	default: return true; /* AL (and 0b1111, unconditional) */
	}
	return (cond & 1) ? !r : r;
}

static const char *const ec_names[64] = {
	[HSR_EC_UNKNOWN] = "unknown reason",
	[HSR_EC_WFI_WFE] = "WFI/WFE",
	[HSR_EC_CP15_32] = "MCR/MRC CP15",
	[HSR_EC_CP15_64] = "MCRR/MRRC CP15",
	[HSR_EC_CP14_32] = "MCR/MRC CP14",
	[HSR_EC_CP14_LS] = "LDC/STC CP14",
	[HSR_EC_HCPTR] = "HCPTR-trapped coprocessor (VFP/NEON)",
	[HSR_EC_CP10_ID] = "MRC/VMRS CP10 ID",
	[HSR_EC_CP14_64] = "MRRC CP14",
	[HSR_EC_SVC_HYP] = "SVC routed to Hyp",
	[HSR_EC_HVC] = "HVC",
	[HSR_EC_SMC] = "SMC",
	[HSR_EC_IABT_LOW] = "prefetch abort from guest",
	[HSR_EC_IABT_HYP] = "prefetch abort in Hyp",
	[HSR_EC_DABT_LOW] = "data abort from guest",
	[HSR_EC_DABT_HYP] = "data abort in Hyp",
};

const char *hsr_ec_name(uint32_t ec)
{
	if (ec >= 64 || !ec_names[ec])
		return "reserved";
	return ec_names[ec];
}

/* Long-descriptor fault status codes (ARM ARM B3.13.3, table B3-24). */
const char *hsr_fsc_name(uint32_t fsc)
{
	unsigned level = fsc & 3;

	if (level) { /* levels 1-3; level 0 codes are reserved in ARMv7 */
		switch (fsc & 0x3c) {
		case 0x04:
			return "translation fault";
		case 0x08:
			return "access flag fault";
		case 0x0c:
			return "permission fault";
		case 0x14:
			return "external abort on table walk";
		case 0x1c:
			return "parity error on table walk";
		}
	}
	switch (fsc) {
	case 0x10:
		return "synchronous external abort";
	case 0x11:
		return "asynchronous external abort";
	case 0x18:
		return "synchronous parity error";
	case 0x19:
		return "asynchronous parity error";
	case 0x21:
		return "alignment fault";
	case 0x22:
		return "debug event";
	case 0x30:
		return "TLB conflict abort";
	}
	return "reserved";
}
