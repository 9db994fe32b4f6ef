/*
 * Hyp stage-1 translation (ARM ARM B3.6, B4.1.76 HTCR): a 32-bit identity
 * map. Text is read-only and executable, everything writable is XN (and
 * HSCTLR.WXN enforces it), devices are Device memory, and each CPU's stack
 * sits above an unmapped guard page. Nothing else is mapped.
 */
#include <arch/cache.h>
#include <arch/cpu.h>
#include <arch/hyp_mmu.h>
#include <arch/lpae.h>
#include <arch/sysreg.h>
#include <core/console.h>
#include <core/limits.h>
#include <string.h>

#define HYP_ATTR_COMMON (LPAE_AF | LPAE_AP_UNPRIV)
#define HYP_ATTR_TEXT                                                          \
	(HYP_ATTR_COMMON | LPAE_ATTRIDX(HYP_ATTRIDX_NORMAL) | LPAE_SH_INNER |   \
	 LPAE_AP_RO)
#define HYP_ATTR_RO (HYP_ATTR_TEXT | LPAE_XN)
#define HYP_ATTR_RW                                                            \
	(HYP_ATTR_COMMON | LPAE_ATTRIDX(HYP_ATTRIDX_NORMAL) | LPAE_SH_INNER |   \
	 LPAE_XN)
#define HYP_ATTR_DEVICE                                                        \
	(HYP_ATTR_COMMON | LPAE_ATTRIDX(HYP_ATTRIDX_DEVICE) | LPAE_XN)

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __bss_end[], __stacks_start[];

static lpae_t pt_pool[HYP_PT_PAGES][LPAE_ENTRIES]
	__attribute__((aligned(LPAE_PAGE_SIZE)));
static unsigned pt_used;
static struct lpae_table hyp_pt;

static lpae_t *pool_alloc(void *ctx, uint64_t *pa)
{
	lpae_t *t;

	(void)ctx;
	if (pt_used == HYP_PT_PAGES)
		return NULL;
	t = pt_pool[pt_used++];
	memset(t, 0, LPAE_PAGE_SIZE);
	*pa = (uintptr_t)t;
	return t;
}

static lpae_t *pool_va(void *ctx, uint64_t pa)
{
	(void)ctx;
	return (lpae_t *)(uintptr_t)pa;
}

static const struct lpae_allocator pool = {pool_alloc, pool_va, NULL};

static void map_or_panic(uint64_t pa, uint64_t size, lpae_t attrs,
			 const char *what)
{
	int rc = lpae_map(&hyp_pt, pa, pa, size, attrs, true);
	char b1[HEX64_LEN], b2[HEX64_LEN];

	if (rc)
		hyp_panic("Hyp MMU: cannot map %s [%s, %s): %s%s", what,
			  hex64(b1, pa), hex64(b2, pa + size), lpae_strerror(rc),
			  rc == LPAE_ENOMEM ? " (raise HYP_PT_PAGES)" : "");
}

static uint64_t addr(const char *sym)
{
	return (uintptr_t)sym;
}

void hyp_mmu_init(void)
{
	if (lpae_init(&hyp_pt, 4, &pool))
		hyp_panic("Hyp MMU: no page for the root table");
	map_or_panic(addr(__text_start), addr(__text_end) - addr(__text_start),
		     HYP_ATTR_TEXT, "hypervisor text");
	map_or_panic(addr(__rodata_start),
		     addr(__rodata_end) - addr(__rodata_start), HYP_ATTR_RO,
		     "hypervisor rodata");
	map_or_panic(addr(__data_start),
		     (addr(__bss_end) - addr(__data_start) + LPAE_PAGE_SIZE - 1) &
			     ~(LPAE_PAGE_SIZE - 1),
		     HYP_ATTR_RW, "hypervisor data");
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		map_or_panic(addr(__stacks_start) + cpu * STACK_SLOT_SIZE +
				     STACK_GUARD_SIZE,
			     STACK_SLOT_SIZE - STACK_GUARD_SIZE, HYP_ATTR_RW,
			     "CPU stack");
}

void hyp_mmu_map(uint64_t pa, uint64_t size, enum hyp_map_kind kind,
		 const char *what)
{
	static const lpae_t attrs[] = {
		[HYP_MAP_DEVICE] = HYP_ATTR_DEVICE,
		[HYP_MAP_RO] = HYP_ATTR_RO,
		[HYP_MAP_RW] = HYP_ATTR_RW,
	};
	uint64_t start = pa & ~(LPAE_PAGE_SIZE - 1);
	uint64_t end = (pa + size + LPAE_PAGE_SIZE - 1) & ~(LPAE_PAGE_SIZE - 1);

	map_or_panic(start, end - start, attrs[kind], what);
}

void hyp_mmu_enable(void)
{
	uint32_t sctlr;

	write_hmair0(HMAIR0_VALUE);
	write_hmair1(0);
	write_htcr(HTCR_RES1 | HTCR_T0SZ(0) | HTCR_IRGN0_WBWA |
		   HTCR_ORGN0_WBWA | HTCR_SH0_INNER);
	write_httbr(hyp_pt.root_pa);
	isb();
	tlb_inval_hyp_all();
	icache_inval_all();

	sctlr = read_hsctlr();
	sctlr &= ~(HSCTLR_A | HSCTLR_EE | HSCTLR_TE);
	sctlr |= HSCTLR_M | HSCTLR_C | HSCTLR_I | HSCTLR_WXN;
	dsb();
	write_hsctlr(sctlr);
	isb();
}
