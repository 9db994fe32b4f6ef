/*
 * The architectural state of a virtual CPU. Only struct cpu_regs is saved on
 * every exit: a vCPU owns its physical CPU, so its banked registers, CP15
 * state and VFP registers stay live in the hardware while Hyp mode runs (Hyp
 * mode never touches them). They are written to memory only when the vCPU is
 * switched out, dumped or reset.
 */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#define CPU_REGS_LR_USR (13 * 4)
#define CPU_REGS_PC (14 * 4)
#define CPU_REGS_CPSR (15 * 4)
#define EXIT_TRAP 0 /* Hyp trap vector: HSR says why */
#define EXIT_IRQ 1
#define EXIT_FIQ 2

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Layout shared with arch/arm/guest_entry.S */
struct cpu_regs {
	uint32_t r[13];
	uint32_t lr_usr; /* Hyp mode's LR is the User-mode LR: saved on exit */
	uint32_t pc;     /* ELR_hyp */
	uint32_t cpsr;   /* SPSR_hyp */
};
/* guest_entry.S moves pc and cpsr as one pair (LDRD/STRD). */
_Static_assert(__builtin_offsetof(struct cpu_regs, lr_usr) == CPU_REGS_LR_USR &&
		       __builtin_offsetof(struct cpu_regs, pc) == CPU_REGS_PC &&
		       __builtin_offsetof(struct cpu_regs, cpsr) ==
			       CPU_REGS_PC + 4,
	       "struct cpu_regs as guest_entry.S sees it");

/* Layout shared with arch/arm/banked.S */
struct banked_regs {
	uint32_t sp_usr;
	uint32_t sp_svc, lr_svc, spsr_svc;
	uint32_t sp_abt, lr_abt, spsr_abt;
	uint32_t sp_und, lr_und, spsr_und;
	uint32_t sp_irq, lr_irq, spsr_irq;
	uint32_t r8_fiq, r9_fiq, r10_fiq, r11_fiq, r12_fiq;
	uint32_t sp_fiq, lr_fiq, spsr_fiq;
};

struct cp15_state {
	uint32_t sctlr, cpacr, ttbcr, dacr;
	uint64_t ttbr0, ttbr1, par;
	uint32_t dfsr, ifsr, adfsr, aifsr, dfar, ifar;
	uint32_t prrr, nmrr, amair0, amair1; /* PRRR/NMRR or MAIR0/1 */
	uint32_t vbar, contextidr, tpidrurw, tpidruro, tpidrprw, csselr;
	uint32_t cntkctl;
	uint32_t cntv_ctl; /* the virtual timer is part of the vCPU */
	uint64_t cntv_cval;
	uint32_t cntp_ctl; /* and so is the physical EL1 timer */
	uint64_t cntp_cval;
};

/* Layout shared with arch/arm/vfp.S */
struct vfp_state {
	uint64_t d[32];
	uint32_t fpscr, fpexc;
};

struct arch_vcpu {
	struct cpu_regs regs; /* first: guest_entry.S gets &arch.regs */
	struct banked_regs banked;
	struct cp15_state cp15;
	struct vfp_state vfp;
	uint32_t hcr, vmpidr, vpidr;
	uint32_t actlr;    /* what a trapped ACTLR read returns */
	uint64_t vttbr;
	uint64_t cntvoff; /* the partition's: its virtual counter starts near 0 */
};

typedef unsigned exit_type_t; /* EXIT_TRAP, EXIT_IRQ, EXIT_FIQ */

/* arch/arm/guest_entry.S: runs the guest until its next exit. */
exit_type_t vcpu_enter(struct cpu_regs *regs);
/* arch/arm/banked.S */
void banked_save(struct banked_regs *b);
void banked_restore(const struct banked_regs *b);
/* arch/arm/vfp.S: both need HCPTR to let Hyp mode reach CP10/CP11. */
void vfp_save(struct vfp_state *s);
void vfp_restore(const struct vfp_state *s);

#endif /* __ASSEMBLER__ */
#endif
