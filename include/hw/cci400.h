/*
 * ARM CoreLink CCI-400 Cache Coherent Interconnect (TRM DDI 0470), the
 * registers the hypervisor uses. Offsets from the CCI's base; each slave
 * interface has its own 4 KB block at base + 0x1000 * (1 + interface).
 */
#ifndef HW_CCI400_H
#define HW_CCI400_H

#define CCI_CONTROL_OVERRIDE 0x0000
#define CCI_SPEC_CONTROL 0x0004
#define CCI_SECURE_ACCESS 0x0008
#define CCI_STATUS 0x000c

#define CCI_SECURE_ACCESS_NS_EN (1u << 0) /* Non-secure may program it */
#define CCI_STATUS_CHANGE_PENDING (1u << 0)

/* In a slave interface's block */
#define CCI_SNOOP_CONTROL 0x0000
#define CCI_SNOOP_EN (1u << 0) /* snoop requests to this interface */
#define CCI_DVM_EN (1u << 1)   /* DVM messages (TLB, branch predictor) */
#define CCI_SNOOP_SUPPORTED (1u << 30)
#define CCI_DVM_SUPPORTED (1u << 31)

#endif
