/*
 * Building partitions from the configuration: host memory, stage-2 tables,
 * emulated devices, images and the guest device tree; and the partition-wide
 * power operations (SYSTEM_OFF, SYSTEM_RESET, unhandled exits).
 */
#include <arch/cache.h>
#include <arch/cpu.h>
#include <drivers/pl011.h>
#include <arch/hyp_mmu.h>
#include <arch/stage2.h>
#include <arch/vtimer.h>
#include <core/console.h>
#include <core/guest_dt.h>
#include <core/hypercall.h>
#include <core/irq.h>
#include <core/console_input.h>
#include <core/page_alloc.h>
#include <core/partition.h>
#include <core/power.h>
#include <stdio.h>
#include <string.h>

#define SZ_4K 0x1000u
#define SZ_2M 0x200000u
#define GUEST_DT_MAX 0x10000u /* room for the generated guest device tree */

static struct partition parts[MAX_PARTITIONS];
static unsigned nr_parts;
static struct vcpu *pcpu_vcpu[MAX_CPUS];
static const struct platform *host;
static spinlock_t power_lock = SPINLOCK_INIT;
static unsigned parts_off;
static uint8_t dt_buf[GUEST_DT_MAX] __attribute__((aligned(8)));

struct vcpu *vcpu_of_pcpu(unsigned pcpu)
{
	return pcpu < MAX_CPUS ? pcpu_vcpu[pcpu] : NULL;
}

unsigned partitions_count(void)
{
	return nr_parts;
}

struct partition *partition_get(unsigned idx)
{
	return idx < nr_parts ? &parts[idx] : NULL;
}

/* Host address of guest range [ipa, ipa+size) in one region, or NULL. */
static void *ipa_to_host(const struct partition *p, uint64_t ipa, uint64_t size)
{
	for (unsigned i = 0; i < p->cfg->nr_mem; i++) {
		const struct cfg_mem *m = &p->cfg->mem[i];

		if (ipa >= m->guest && ipa + size <= m->guest + m->size)
			return (void *)(uintptr_t)(p->host_mem[i] +
						   (ipa - m->guest));
	}
	return NULL;
}

bool partition_ipa_is_ram(const struct partition *p, uint64_t ipa,
			  uint64_t size)
{
	return ipa_to_host(p, ipa, size) != NULL;
}

static bool entry_ok(void *ctx, uint32_t addr)
{
	return partition_ipa_is_ram(ctx, addr, 4);
}

static void kick(void *ctx, unsigned idx)
{
	struct partition *p = ctx;

	vcpu_kick(&p->vcpu[idx]);
}

static void map_or_panic(struct partition *p, uint64_t ipa, uint64_t pa,
			 uint64_t size, enum s2_kind kind, const char *what)
{
	char b1[HEX64_LEN], b2[HEX64_LEN];
	int rc = stage2_map(&p->s2, ipa, pa, size, kind);

	if (rc)
		hyp_panic("partition %s: stage 2 cannot map %s at %s (host %s): "
			  "%s%s",
			  p->cfg->name, what, hex64(b1, ipa), hex64(b2, pa),
			  lpae_strerror(rc),
			  rc == LPAE_ENOMEM ? " (raise STAGE2_POOL_PAGES)" : "");
}

static void setup_memory(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	char b1[HEX64_LEN], b2[HEX64_LEN];

	for (unsigned i = 0; i < c->nr_mem; i++) {
		const struct cfg_mem *m = &c->mem[i];
		uint64_t host_addr = m->host;

		if (!m->fixed) {
			host_addr = palloc_alloc(m->size,
						 m->size >= SZ_2M ? SZ_2M : SZ_4K);
			if (!host_addr)
				hyp_panic("partition %s: no free RAM for its "
					  "%s MiB region at %s (%s MiB free)",
					  c->name,
					  hex64(b1, m->size >> 20) + 2,
					  hex64(b2, m->guest),
					  hex64(b1, palloc_free_bytes() >> 20) +
						  2);
		}
		p->host_mem[i] = host_addr;
		hyp_mmu_map(host_addr, m->size, HYP_MAP_RW, "partition memory");
		map_or_panic(p, m->guest, host_addr, m->size, S2_RAM, "memory");
	}
}

static void setup_stage2(struct partition *p)
{
	uint64_t pool = palloc_alloc(STAGE2_POOL_PAGES * SZ_4K, SZ_4K);

	if (!pool)
		hyp_panic("partition %s: no free RAM for its stage-2 tables",
			  p->cfg->name);
	hyp_mmu_map(pool, STAGE2_POOL_PAGES * SZ_4K, HYP_MAP_RW,
		    "stage-2 tables");
	if (stage2_init(&p->s2, &p->s2_pool, pool, STAGE2_POOL_PAGES))
		hyp_panic("partition %s: no stage-2 root table", p->cfg->name);
}

static void setup_devices(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;

	/* Passthrough devices appear at their host addresses. */
	for (unsigned d = 0; d < c->nr_devices; d++)
		for (unsigned r = 0; r < c->devices[d].nr_regs; r++) {
			const struct mem_range *reg = &c->devices[d].regs[r];
			uint64_t base = reg->base & ~(uint64_t)(SZ_4K - 1);
			uint64_t end = (reg->base + reg->size + SZ_4K - 1) &
				       ~(uint64_t)(SZ_4K - 1);

			map_or_panic(p, base, base, end - base, S2_DEVICE,
				     c->devices[d].host_path);
		}
	if (c->has_test_device) {
		testdev_init(&p->testdev);
		if (mmio_register(&p->mmio, c->test_device, TESTDEV_SIZE,
				  testdev_access, &p->testdev, "test device"))
			hyp_panic("partition %s: cannot register the test "
				  "device", c->name);
	}
}

/* ------------------------------------------------ interrupts and console */

static void vgic_kick(void *ctx, unsigned idx)
{
	struct partition *p = ctx;

	/* The vCPU on this CPU refreshes its list registers before re-entry. */
	if (p->vcpu[idx].pcpu != this_cpu())
		vcpu_kick(&p->vcpu[idx]);
}

static void vgic_hw_enable(void *ctx, unsigned hwirq, bool enable)
{
	(void)ctx;
	if (hwirq >= 32)
		irq_enable_spi(hwirq, enable);
}

static void vgic_hw_route(void *ctx, unsigned hwirq, unsigned idx)
{
	struct partition *p = ctx;

	if (hwirq >= 32 && idx < p->nr_vcpus)
		irq_route_spi(hwirq, p->vcpu[idx].pcpu);
}

/* Every passthrough SPI of the partition, from its devices and "irqs". */
#define for_each_passthrough_irq(c, irq, d, i)                                 \
	for (d = 0; d <= (c)->nr_devices; d++)                                 \
		for (i = 0;                                                    \
		     i < (d < (c)->nr_devices ? (c)->devices[d].nr_irqs         \
					      : (c)->nr_irqs) &&               \
		     ((irq = d < (c)->nr_devices ? (c)->devices[d].irqs[i]      \
						 : (c)->irqs[i]),              \
		      1);                                                      \
		     i++)

/* The guest's interrupt count: what it uses, rounded up to 32 (TYPER). */
static unsigned guest_nr_irqs(const struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	unsigned max = p->gp->uart_irq, d, i, irq;

	for_each_passthrough_irq(c, irq, d, i)
		if (irq > max)
			max = irq;
	return ((max + 32) / 32) * 32;
}

static void setup_vgic(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	const struct vgic_ops ops = {vgic_kick, vgic_hw_enable, vgic_hw_route,
				     p, irq_spi_pending, irq_set_spi_pending};
	unsigned d, i, irq;

	vgic_init(&p->vgic, p->nr_vcpus, guest_nr_irqs(p), &ops);
	for_each_passthrough_irq(c, irq, d, i) {
		vgic_map_hw(&p->vgic, 0, irq, irq);
		irq_assign_spi(irq, p, p->vcpu[0].pcpu);
	}
}

static void uart_tx(void *ctx, char c)
{
	struct partition *p = ctx;

	spin_lock(&p->console_lock);
	guest_console_putc(p, c);
	spin_unlock(&p->console_lock);
}

static void uart_irq(void *ctx, bool level)
{
	struct partition *p = ctx;

	vgic_set_level(&p->vgic, 0, p->gp->uart_irq, level);
}

/* Moves queued console input into the UART's FIFO while it has room. */
static void uart_refill(struct partition *p)
{
	while (p->rx_len && vpl011_rx_space(&p->vuart)) {
		if (!vpl011_rx(&p->vuart, p->rx_queue[p->rx_head]))
			break;
		p->rx_head = (p->rx_head + 1) % CONSOLE_RX_QUEUE;
		p->rx_len--;
	}
}

static int uart_access(void *dev, struct mmio_access *a)
{
	struct partition *p = dev;
	int rc;

	spin_lock(&p->uart_lock);
	rc = vpl011_access(&p->vuart, a);
	uart_refill(p); /* a read may have made room */
	spin_unlock(&p->uart_lock);
	return rc;
}

/* As a boot loader leaves it: enabled, so earlycon output is not lost. */
static void setup_uart(struct partition *p)
{
	p->rx_head = p->rx_len = 0;
	struct mmio_access enable = {.offset = UART_CR, .size = 4,
				     .write = true,
				     .data = UART_CR_UARTEN | UART_CR_TXE |
					     UART_CR_RXE};

	vpl011_init(&p->vuart, uart_tx, uart_irq, p);
	vpl011_access(&p->vuart, &enable);
}

/*
 * Console input for partition idx: into its UART's receive FIFO, or, when
 * that is full (a paste faster than the guest reads), into a queue that
 * refills the FIFO as the guest drains it. False only when both are full
 * or the partition has no virtual UART.
 */
bool partition_uart_rx(unsigned idx, char c)
{
	struct partition *p = partition_get(idx);
	bool ok = true;

	if (!p || p->cfg->console != CONSOLE_VIRTUAL)
		return false;
	spin_lock(&p->uart_lock);
	uart_refill(p);
	if (p->rx_len || !vpl011_rx(&p->vuart, c)) {
		if (p->rx_len < CONSOLE_RX_QUEUE)
			p->rx_queue[(p->rx_head + p->rx_len++) %
				    CONSOLE_RX_QUEUE] = c;
		else
			ok = false;
	}
	spin_unlock(&p->uart_lock);
	return ok;
}

static void setup_emulated_devices(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;

	if (mmio_register(&p->mmio, p->gp->gicd, VGIC_DIST_SIZE,
			  vgic_dist_access, &p->vgic, "GIC distributor"))
		hyp_panic("partition %s: cannot register its GIC distributor",
			  c->name);
	/* The virtual CPU interface, where the guest expects its GICC. */
	map_or_panic(p, p->gp->gicc, host->gic.gicv.base, 0x2000, S2_DEVICE,
		     "GIC virtual CPU interface");
	if (c->console == CONSOLE_VIRTUAL &&
	    mmio_register(&p->mmio, p->gp->uart, 0x1000, uart_access, p,
			  "virtual UART"))
		hyp_panic("partition %s: cannot register its virtual UART",
			  c->name);
}

/* The guest device tree goes at the top of the region holding the kernel. */
static void place_dtb(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;

	for (unsigned i = 0; i < c->nr_mem; i++) {
		const struct cfg_mem *m = &c->mem[i];
		uint64_t at = m->guest + m->size - GUEST_DT_MAX;
		uint64_t kend = c->kernel.load + c->kernel.size;
		uint64_t iend = c->initrd.load + c->initrd.size;

		if (c->kernel.load < m->guest ||
		    c->kernel.load >= m->guest + m->size)
			continue;
		if (m->size < GUEST_DT_MAX || at < kend ||
		    (c->initrd.present && c->initrd.load < at + GUEST_DT_MAX &&
		     iend > at))
			hyp_panic("partition %s: no room for the guest device "
				  "tree (%u KB) at the top of the kernel's "
				  "memory region",
				  c->name, GUEST_DT_MAX / 1024);
		p->dtb_ipa = (uint32_t)at;
		return;
	}
	hyp_panic("partition %s: kernel outside its memory", c->name);
}

static void copy_blob(struct partition *p, const struct cfg_blob *b,
		      const char *what)
{
	void *dst;
	const void *src = b->data ? b->data : (const void *)(uintptr_t)b->host;

	if (!b->present)
		return;
	dst = ipa_to_host(p, b->load, b->size);
	if (!dst)
		hyp_panic("partition %s: %s does not fit its memory",
			  p->cfg->name, what);
	memcpy(dst, src, b->size);
}

void partition_load(struct partition *p)
{
	const struct cfg_partition *c = p->cfg;
	char err[128];
	uint64_t istart = 0, iend = 0;

	for (unsigned i = 0; i < c->nr_mem; i++)
		if (!c->mem[i].fixed)
			memset((void *)(uintptr_t)p->host_mem[i], 0,
			       c->mem[i].size);
	copy_blob(p, &c->kernel, "kernel");
	copy_blob(p, &c->initrd, "initrd");
	if (c->initrd.present) {
		istart = c->initrd.load;
		iend = c->initrd.load + c->initrd.size;
	}
	if (guest_dt_build(dt_buf, sizeof(dt_buf), c, p->gp, istart, iend, err,
			   sizeof(err)))
		hyp_panic("partition %s: guest device tree: %s", c->name, err);
	memcpy(ipa_to_host(p, p->dtb_ipa, GUEST_DT_MAX), dt_buf, GUEST_DT_MAX);
	/* The guest starts with its caches off: everything must be in RAM. */
	for (unsigned i = 0; i < c->nr_mem; i++)
		dcache_clean_range((void *)(uintptr_t)p->host_mem[i],
				   c->mem[i].size);
	icache_inval_all();
}

static void create_one(struct partition *p, unsigned id,
		       const struct cfg_partition *c)
{
	p->id = id;
	p->cfg = c;
	p->gp = guest_platform_get(c->preset);
	p->vmid = (uint8_t)(id + 1); /* VMID 0 is never used by a guest */
	p->nr_vcpus = c->nr_cpus;
	p->state = PART_RUNNING;
	setup_stage2(p);
	setup_memory(p);
	setup_devices(p);
	setup_emulated_devices(p);
	place_dtb(p);
	for (unsigned i = 0; i < c->nr_cpus; i++) {
		struct vcpu *v = &p->vcpu[i];

		v->part = p;
		v->idx = i;
		v->pcpu = c->cpus[i];
		v->parked = true;
		pcpu_vcpu[v->pcpu] = v;
		p->psci_vcpu[i].power = VCPU_OFF;
	}
	p->psci.nr_vcpus = c->nr_cpus;
	p->psci.vcpu = p->psci_vcpu;
	p->psci.entry_ok = entry_ok;
	p->psci.kick = kick;
	p->psci.ctx = p;
	setup_vgic(p);
	setup_uart(p);
	partition_load(p);
	p->cntvoff = timer_counter();
	p->vcpu[0].boot_entry = true;
	p->psci_vcpu[0].entry = (uint32_t)c->entry;
	p->psci_vcpu[0].power = VCPU_ON_PENDING;
}

void partitions_create(const struct config *c, const struct platform *p)
{
	char b1[HEX64_LEN], b2[HEX64_LEN];

	host = p;
	for (unsigned i = 0; i < c->nr_partitions; i++) {
		struct partition *part = &parts[i];
		char cpus[3 * MAX_CPUS + 1] = "";

		create_one(part, i, &c->part[i]);
		for (unsigned v = 0; v < part->nr_vcpus; v++)
			snprintf(cpus + strlen(cpus), sizeof(cpus) - strlen(cpus),
				 "%s%u", v ? "," : "", part->cfg->cpus[v]);
		hyp_log("partition %s: %u vCPU(s) on CPU %s, %u memory "
			"region(s), VMID %u, entry %s, device tree at %s",
			part->cfg->name, part->nr_vcpus, cpus,
			part->cfg->nr_mem, part->vmid,
			hex64(b1, part->cfg->entry), hex64(b2, part->dtb_ipa));
	}
	nr_parts = c->nr_partitions;
	console_input_init(nr_parts);
	stage2_tlb_flush_all();
}

/* Asks every other vCPU of p to leave its guest, and waits until they have. */
static void stop_others(struct partition *p, struct vcpu *caller)
{
	for (unsigned i = 0; i < p->nr_vcpus; i++) {
		struct vcpu *v = &p->vcpu[i];

		if (v == caller || v->parked)
			continue;
		v->requests |= VCPU_REQ_STOP;
		vcpu_kick(v);
	}
	for (unsigned i = 0; i < p->nr_vcpus; i++)
		while (&p->vcpu[i] != caller && !p->vcpu[i].parked)
			wfe();
}

void partition_stop(struct partition *p, struct vcpu *caller, bool off,
		    const char *why)
{
	bool all_off;

	spin_lock(&p->lock);
	if (p->state == PART_OFF) {
		spin_unlock(&p->lock);
		return;
	}
	p->state = PART_OFF;
	spin_unlock(&p->lock);
	stop_others(p, caller);
	guest_console_flush(p);
	hyp_log("partition %s: stopped (%s)", p->cfg->name, why);
	if (!off)
		return;
	spin_lock(&power_lock);
	all_off = ++parts_off == nr_parts;
	spin_unlock(&power_lock);
	if (all_off) {
		hyp_log("every partition is off");
		power_off(host);
	}
}

void partition_reset(struct partition *p, struct vcpu *caller)
{
	spin_lock(&p->lock);
	if (p->state != PART_RUNNING) {
		/* Another vCPU is already stopping or resetting it. */
		spin_unlock(&p->lock);
		return;
	}
	p->state = PART_RESETTING;
	spin_unlock(&p->lock);
	stop_others(p, caller);
	guest_console_flush(p);
	p->resets++;
	hyp_log("partition %s: SYSTEM_RESET (restart %u): reloading its image",
		p->cfg->name, p->resets);
	partition_load(p);
	stage2_tlb_flush_all();
	setup_vgic(p);
	spin_lock(&p->uart_lock);
	setup_uart(p);
	spin_unlock(&p->uart_lock);
	spin_lock(&p->lock);
	for (unsigned i = 0; i < p->nr_vcpus; i++)
		p->psci_vcpu[i].power = VCPU_OFF;
	p->cntvoff = timer_counter();
	p->vcpu[0].boot_entry = true;
	p->psci_vcpu[0].entry = (uint32_t)p->cfg->entry;
	p->psci_vcpu[0].power = VCPU_ON_PENDING;
	p->state = PART_RUNNING;
	spin_unlock(&p->lock);
	if (&p->vcpu[0] != caller)
		vcpu_kick(&p->vcpu[0]);
}
