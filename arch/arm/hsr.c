/* Names for HSR exception classes and fault codes, for dumps and logs. */
#include <arch/hsr.h>
#include <stddef.h>

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
