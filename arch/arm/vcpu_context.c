/*
 * vCPU architectural context: reset values, loading into and saving from the
 * physical CPU, register access by number in the guest's current mode.
 */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <arch/vcpu_ops.h>
#include <core/console.h>
#include <core/partition.h>
#include <string.h>

/*
 * HCR for every guest, B4.1.65:
 *  VM       stage-2 translation on
 *  SWIO     set/way invalidate acts as clean+invalidate (a guest may not
 *           discard another partition's dirty lines)
 *  FMO/IMO  physical FIQ/IRQ go to Hyp mode; the guest sees virtual ones
 *  TWI      WFI traps, so an idle vCPU idles under the hypervisor's control
 *  TSC      SMC traps: PSCI over SMC is served by the hypervisor
 *  TAC      ACTLR traps: the guest may not change coherency settings
 *  TIDCP    implementation-defined CP15 (L2CTLR...) traps, to be emulated
 *  TSW      set/way cache maintenance traps, done on the guest's behalf
 * WFE is not trapped: each vCPU owns its CPU, so a trap would only add
 * latency to the guest's spinlocks. AMO is clear: an asynchronous external
 * abort comes from an access of the guest on this CPU, so the guest takes
 * it itself rather than the hypervisor.
 */
#define GUEST_HCR                                                              \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_TWI | HCR_TSC | HCR_TAC |  \
	 HCR_TIDCP | HCR_TSW)
/*
 * HSTR.T15: every CRn = c15 access (implementation defined) traps. HCR.TIDCP
 * already asks for that, but QEMU 7.2 does not implement TIDCP; T15 makes it
 * trap there as on hardware. None is emulated: undefined instruction.
 */
#define GUEST_HSTR HSTR_T(15)

void arch_vcpu_reset(struct arch_vcpu *a, unsigned idx, uint32_t entry,
		     uint32_t r0, uint32_t r1, uint32_t r2, uint64_t vttbr)
{
	memset(a, 0, sizeof(*a));
	a->regs.r[0] = r0;
	a->regs.r[1] = r1;
	a->regs.r[2] = r2;
	a->regs.pc = entry;
	a->regs.cpsr = PSR_MODE_SVC | PSR_A | PSR_I | PSR_F;
	a->cp15.sctlr = SCTLR_RESET;
	a->hcr = GUEST_HCR;
	a->vmpidr = 0x80000000u | idx; /* MP format, uniprocessor bit clear */
	a->vpidr = read_midr();
	a->actlr = read_actlr() | ACTLR_SMP;
	a->vttbr = vttbr;
}

static void cp15_restore(const struct cp15_state *c)
{
	write_csselr(c->csselr);
	write_sctlr(c->sctlr);
	write_cpacr(c->cpacr);
	write_ttbcr(c->ttbcr);
	write_ttbr0(c->ttbr0);
	write_ttbr1(c->ttbr1);
	write_dacr(c->dacr);
	write_dfsr(c->dfsr);
	write_ifsr(c->ifsr);
	write_adfsr(c->adfsr);
	write_aifsr(c->aifsr);
	write_dfar(c->dfar);
	write_ifar(c->ifar);
	write_par(c->par);
	write_prrr(c->prrr);
	write_nmrr(c->nmrr);
	write_amair0(c->amair0);
	write_amair1(c->amair1);
	write_vbar(c->vbar);
	write_contextidr(c->contextidr);
	write_tpidrurw(c->tpidrurw);
	write_tpidruro(c->tpidruro);
	write_tpidrprw(c->tpidrprw);
	write_cntkctl(c->cntkctl);
	write_cntv_cval(c->cntv_cval);
	write_cntv_ctl(c->cntv_ctl);
	write_cntp_cval(c->cntp_cval);
	write_cntp_ctl(c->cntp_ctl);
}

static void cp15_save(struct cp15_state *c)
{
	c->csselr = read_csselr();
	c->sctlr = read_sctlr();
	c->cpacr = read_cpacr();
	c->ttbcr = read_ttbcr();
	c->ttbr0 = read_ttbr0();
	c->ttbr1 = read_ttbr1();
	c->dacr = read_dacr();
	c->dfsr = read_dfsr();
	c->ifsr = read_ifsr();
	c->adfsr = read_adfsr();
	c->aifsr = read_aifsr();
	c->dfar = read_dfar();
	c->ifar = read_ifar();
	c->par = read_par();
	c->prrr = read_prrr();
	c->nmrr = read_nmrr();
	c->amair0 = read_amair0();
	c->amair1 = read_amair1();
	c->vbar = read_vbar();
	c->contextidr = read_contextidr();
	c->tpidrurw = read_tpidrurw();
	c->tpidruro = read_tpidruro();
	c->tpidrprw = read_tpidrprw();
	c->cntkctl = read_cntkctl();
	c->cntv_ctl = read_cntv_ctl();
	c->cntv_cval = read_cntv_cval();
	c->cntp_ctl = read_cntp_ctl();
	c->cntp_cval = read_cntp_cval();
}

void arch_vcpu_load(struct arch_vcpu *a)
{
	write_hcr(a->hcr);
	write_hstr(GUEST_HSTR);
	write_vttbr(a->vttbr);
	write_vpidr(a->vpidr);
	write_vmpidr(a->vmpidr);
	write_cntvoff(a->cntvoff);
	cp15_restore(&a->cp15);
	banked_restore(&a->banked);
	vfp_load_lazy(a);
	isb();
}

void arch_vcpu_save(struct arch_vcpu *a)
{
	banked_save(&a->banked);
	cp15_save(&a->cp15);
}

/* Live banked registers, by the guest mode that owns them. */
#define BANKED_GET(reg)                                                        \
	({                                                                     \
		uint32_t _v;                                                   \
		__asm__ volatile("mrs %0, " #reg : "=r"(_v));                  \
		_v;                                                            \
	})
#define BANKED_SET(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"(v))

static uint32_t sp_get(uint32_t mode)
{
	switch (mode) {
	case PSR_MODE_SVC:
		return BANKED_GET(SP_svc);
	case PSR_MODE_ABT:
		return BANKED_GET(SP_abt);
	case PSR_MODE_UND:
		return BANKED_GET(SP_und);
	case PSR_MODE_IRQ:
		return BANKED_GET(SP_irq);
	case PSR_MODE_FIQ:
		return BANKED_GET(SP_fiq);
	default:
		return BANKED_GET(SP_usr);
	}
}

static void sp_set(uint32_t mode, uint32_t v)
{
	switch (mode) {
	case PSR_MODE_SVC:
		BANKED_SET(SP_svc, v);
		break;
	case PSR_MODE_ABT:
		BANKED_SET(SP_abt, v);
		break;
	case PSR_MODE_UND:
		BANKED_SET(SP_und, v);
		break;
	case PSR_MODE_IRQ:
		BANKED_SET(SP_irq, v);
		break;
	case PSR_MODE_FIQ:
		BANKED_SET(SP_fiq, v);
		break;
	default:
		BANKED_SET(SP_usr, v);
		break;
	}
}

static uint32_t lr_get(struct vcpu *v, uint32_t mode)
{
	switch (mode) {
	case PSR_MODE_SVC:
		return BANKED_GET(LR_svc);
	case PSR_MODE_ABT:
		return BANKED_GET(LR_abt);
	case PSR_MODE_UND:
		return BANKED_GET(LR_und);
	case PSR_MODE_IRQ:
		return BANKED_GET(LR_irq);
	case PSR_MODE_FIQ:
		return BANKED_GET(LR_fiq);
	default:
		return v->arch.regs.lr_usr;
	}
}

static void lr_set(struct vcpu *v, uint32_t mode, uint32_t val)
{
	switch (mode) {
	case PSR_MODE_SVC:
		BANKED_SET(LR_svc, val);
		break;
	case PSR_MODE_ABT:
		BANKED_SET(LR_abt, val);
		break;
	case PSR_MODE_UND:
		BANKED_SET(LR_und, val);
		break;
	case PSR_MODE_IRQ:
		BANKED_SET(LR_irq, val);
		break;
	case PSR_MODE_FIQ:
		BANKED_SET(LR_fiq, val);
		break;
	default:
		v->arch.regs.lr_usr = val;
		break;
	}
}

static uint32_t fiq_get(unsigned n)
{
	switch (n) {
	case 8:
		return BANKED_GET(r8_fiq);
	case 9:
		return BANKED_GET(r9_fiq);
	case 10:
		return BANKED_GET(r10_fiq);
	case 11:
		return BANKED_GET(r11_fiq);
	default:
		return BANKED_GET(r12_fiq);
	}
}

static void fiq_set(unsigned n, uint32_t v)
{
	switch (n) {
	case 8:
		BANKED_SET(r8_fiq, v);
		break;
	case 9:
		BANKED_SET(r9_fiq, v);
		break;
	case 10:
		BANKED_SET(r10_fiq, v);
		break;
	case 11:
		BANKED_SET(r11_fiq, v);
		break;
	default:
		BANKED_SET(r12_fiq, v);
		break;
	}
}

uint32_t vcpu_reg_get(struct vcpu *v, unsigned n)
{
	uint32_t mode = v->arch.regs.cpsr & PSR_MODE_MASK;

	if (n < 8 || (n < 13 && mode != PSR_MODE_FIQ))
		return v->arch.regs.r[n];
	if (n < 13)
		return fiq_get(n);
	return n == 13 ? sp_get(mode) : lr_get(v, mode);
}

void vcpu_reg_set(struct vcpu *v, unsigned n, uint32_t val)
{
	uint32_t mode = v->arch.regs.cpsr & PSR_MODE_MASK;

	if (n < 8 || (n < 13 && mode != PSR_MODE_FIQ))
		v->arch.regs.r[n] = val;
	else if (n < 13)
		fiq_set(n, val);
	else if (n == 13)
		sp_set(mode, val);
	else
		lr_set(v, mode, val);
}

void arch_vcpu_dump(const struct vcpu *v)
{
	const struct arch_vcpu *a = &v->arch;
	const struct banked_regs *b = &a->banked;

	for (int i = 0; i < 12; i += 4)
		hyp_log("  r%-2d %08lx r%-2d %08lx r%-2d %08lx r%-2d %08lx", i,
			(unsigned long)a->regs.r[i], i + 1,
			(unsigned long)a->regs.r[i + 1], i + 2,
			(unsigned long)a->regs.r[i + 2], i + 3,
			(unsigned long)a->regs.r[i + 3]);
	hyp_log("  r12 %08lx pc  %08lx cpsr %08lx", (unsigned long)a->regs.r[12],
		(unsigned long)a->regs.pc, (unsigned long)a->regs.cpsr);
	hyp_log("  usr sp %08lx lr %08lx", (unsigned long)b->sp_usr,
		(unsigned long)a->regs.lr_usr);
	hyp_log("  svc sp %08lx lr %08lx spsr %08lx", (unsigned long)b->sp_svc,
		(unsigned long)b->lr_svc, (unsigned long)b->spsr_svc);
	hyp_log("  abt sp %08lx lr %08lx spsr %08lx", (unsigned long)b->sp_abt,
		(unsigned long)b->lr_abt, (unsigned long)b->spsr_abt);
	hyp_log("  und sp %08lx lr %08lx spsr %08lx", (unsigned long)b->sp_und,
		(unsigned long)b->lr_und, (unsigned long)b->spsr_und);
	hyp_log("  irq sp %08lx lr %08lx spsr %08lx", (unsigned long)b->sp_irq,
		(unsigned long)b->lr_irq, (unsigned long)b->spsr_irq);
	hyp_log("  fiq r8-r12 %08lx %08lx %08lx %08lx %08lx sp %08lx lr %08lx "
		"spsr %08lx",
		(unsigned long)b->r8_fiq, (unsigned long)b->r9_fiq,
		(unsigned long)b->r10_fiq, (unsigned long)b->r11_fiq,
		(unsigned long)b->r12_fiq, (unsigned long)b->sp_fiq,
		(unsigned long)b->lr_fiq, (unsigned long)b->spsr_fiq);
	hyp_log("  SCTLR %08lx TTBCR %08lx TTBR0 %08lx%08lx VBAR %08lx DFSR %08lx "
		"DFAR %08lx IFSR %08lx IFAR %08lx",
		(unsigned long)a->cp15.sctlr, (unsigned long)a->cp15.ttbcr,
		(unsigned long)(a->cp15.ttbr0 >> 32),
		(unsigned long)a->cp15.ttbr0, (unsigned long)a->cp15.vbar,
		(unsigned long)a->cp15.dfsr, (unsigned long)a->cp15.dfar,
		(unsigned long)a->cp15.ifsr, (unsigned long)a->cp15.ifar);
}
