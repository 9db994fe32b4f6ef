/*
 * The partition lifecycle (states and transitions in
 * core/include/core/partition_state.h): building the partitions at boot,
 * starting them, and the partition-wide power operations (SYSTEM_OFF,
 * SYSTEM_RESET, unhandled exits). Memory and stage 2 are
 * core/partition_mem.c, images core/partition_image.c; the virtual devices
 * attach themselves and are reset through their hooks (core/vdev.c).
 */
#include <arch/cpu.h>
#include <arch/stage2.h>
#include <arch/vtimer.h>
#include <core/channel.h>
#include <core/console.h>
#include <core/guest_console.h>
#include <core/partition.h>
#include <core/partition_image.h>
#include <core/partition_mem.h>
#include <core/power.h>
#include <core/vcpu.h>
#include <core/virtio_net.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct partition parts[MAX_PARTITIONS];
static unsigned nr_parts;
static struct vcpu *pcpu_vcpu[MAX_CPUS];
static const struct platform *host;
static spinlock_t power_lock = SPINLOCK_INIT;
static unsigned parts_off;

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

void partition_warn_once(struct partition *p, uint32_t bit, const char *fmt,
			 ...)
{
	char msg[200];
	va_list ap;

	if (p->warned & bit)
		return;
	p->warned |= bit;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	hyp_log("partition %s: %s", p->cfg->name, msg);
}

/*
 * The only place p->state changes after creation: to `to` if the lifecycle
 * allows it from where p is. Caller holds p->lock.
 */
static bool transition(struct partition *p, enum partition_state to)
{
	if (!partition_state_allowed(p->state, to))
		return false;
	p->state = to;
	return true;
}

/* Takes p->lock for one transition; returns the state p was in. */
static enum partition_state try_transition(struct partition *p,
					   enum partition_state to, bool *ok)
{
	enum partition_state was;

	spin_lock(&p->lock);
	was = p->state;
	*ok = transition(p, to);
	spin_unlock(&p->lock);
	return was;
}

/* ------------------------------------------------------------------ start */

/*
 * CREATED or RESETTING -> RUNNING: fresh images, every device in its reset
 * state, a new virtual counter offset, vCPU 0 pending at the kernel entry
 * with the Linux boot registers, the others off. No vCPU of p may run.
 * False (nothing started) when the images cannot be loaded.
 */
static bool start(struct partition *p, char *err, size_t errlen)
{
	/*
	 * Devices first: a reset hook waits for what another CPU may still be
	 * doing with the partition's memory (a virtio-net frame being copied
	 * into it) and leaves nothing that could write there during the
	 * reload.
	 */
	vdev_reset_all(p);
	if (partition_image_load(p, err, errlen))
		return false;
	/* Its guest's TLB entries are stale now; nobody else's are. */
	stage2_tlb_flush_vmid(stage2_vttbr(&p->s2, p->vmid));
	spin_lock(&p->lock);
	for (unsigned i = 0; i < p->nr_vcpus; i++)
		p->psci_vcpu[i].power = VCPU_OFF;
	p->cntvoff = timer_counter();
	p->vcpu[0].boot_entry = true;
	p->psci_vcpu[0].entry = (uint32_t)p->cfg->entry;
	p->psci_vcpu[0].power = VCPU_ON_PENDING;
	transition(p, PART_RUNNING);
	spin_unlock(&p->lock);
	return true;
}

/* ------------------------------------------------------------------ create */

static bool entry_ok(void *ctx, uint32_t addr)
{
	return partition_ipa_is_ram(ctx, addr, 4);
}

static void kick(void *ctx, unsigned idx)
{
	struct partition *p = ctx;

	vcpu_kick(&p->vcpu[idx]);
}

/*
 * What the configuration checks cannot foresee (fragmented RAM, a stage-2
 * pool too small, a device that cannot attach) stops this partition only: it stays OFF, its CPUs idle,
 * the others start. No other CPU sees it yet, hence no transition.
 */
static bool not_created(struct partition *p, const char *err)
{
	p->state = PART_OFF;
	hyp_log("partition %s: %s; not started", p->cfg->name, err);
	return false;
}

static bool create_one(struct partition *p, unsigned id,
		       const struct cfg_partition *c)
{
	const char *what = "GIC distributor";
	char err[160];
	int rc;

	p->id = id;
	p->cfg = c;
	p->gp = guest_platform_get(c->preset);
	p->vmid = (uint8_t)(id + 1); /* VMID 0 is never used by a guest */
	p->nr_vcpus = c->nr_cpus;
	p->state = PART_CREATED;
	if (partition_mem_setup(p, err, sizeof(err)) ||
	    channel_attach(p, err, sizeof(err)))
		return not_created(p, err);
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
	/* Reset in this order: the UART's line is an input of the vGIC. */
	rc = vgic_attach(p, host);
	if (!rc) {
		what = "virtual UART";
		rc = vpl011_attach(p);
	}
	if (!rc) {
		what = "test device";
		rc = testdev_attach(p);
	}
	if (!rc) {
		what = "virtio-net";
		rc = virtio_net_attach(p);
	}
	if (rc) {
		snprintf(err, sizeof(err), "cannot attach its %s: %s", what,
			 vdev_strerror(rc));
		return not_created(p, err);
	}
	if (partition_image_place(p, err, sizeof(err)) ||
	    !start(p, err, sizeof(err)))
		return not_created(p, err);
	return true;
}

void partitions_create(const struct config *c, const struct platform *p)
{
	char b1[HEX64_LEN], b2[HEX64_LEN];

	host = p;
	channels_create(c);
	for (unsigned i = 0; i < c->nr_partitions; i++) {
		struct partition *part = &parts[i];
		char cpus[3 * MAX_CPUS + 1] = "";

		if (!create_one(part, i, &c->part[i])) {
			parts_off++;
			continue;
		}
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
	if (parts_off == nr_parts) {
		hyp_log("no partition could be started");
		power_off(host);
	}
	guest_console_init(nr_parts);
}

/* ------------------------------------------------------------ stop, reset */

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

/* p is OFF: when it is the last partition running, power the machine off. */
static void count_off(void)
{
	bool all_off;

	spin_lock(&power_lock);
	all_off = ++parts_off == nr_parts;
	spin_unlock(&power_lock);
	if (all_off) {
		hyp_log("every partition is off");
		power_off(host);
	}
}

/*
 * Decides request r of caller under p->lock; on PART_OWN p is in `owning`
 * (STOPPING or RESETTING) and the caller carries it out. Logs the requests
 * that lose, so that none vanishes silently.
 */
static enum partition_verdict request(struct partition *p,
				      enum partition_request r,
				      enum partition_state owning,
				      const char *why)
{
	enum partition_verdict verdict;
	enum partition_state was;

	spin_lock(&p->lock);
	was = p->state;
	verdict = partition_request_resolve(was, r);
	if (verdict == PART_OWN) {
		transition(p, owning);
		p->stop_during_reset = NULL;
	} else if (verdict == PART_OVERRIDE && !p->stop_during_reset) {
		p->stop_during_reset = why;
	}
	spin_unlock(&p->lock);
	switch (verdict) {
	case PART_OVERRIDE:
		hyp_log("partition %s: %s while it resets: it stops instead",
			p->cfg->name, why);
		break;
	case PART_SUPERSEDED:
		hyp_log("partition %s: %s while it stops: it stays off",
			p->cfg->name, why);
		break;
	case PART_JOIN:
	case PART_LATE:
	case PART_OWN:
		break;
	}
	return verdict;
}

/* The owner of a stop or reset: p -> OFF, its console flushed. */
static void finish_off(struct partition *p, bool off, const char *why)
{
	bool ok;

	try_transition(p, PART_OFF, &ok);
	guest_console_flush(p);
	hyp_log("partition %s: stopped (%s)", p->cfg->name, why);
	exit_stats_print(p);
	if (off)
		count_off();
}

void partition_stop(struct partition *p, struct vcpu *caller, bool off,
		    const char *why)
{
	if (request(p, PART_REQ_STOP, PART_STOPPING, why) != PART_OWN)
		return; /* the owner parks this vCPU's partition */
	stop_others(p, caller);
	finish_off(p, off, why);
}

void partition_reset(struct partition *p, struct vcpu *caller)
{
	char err[160], why[200];
	const char *stop;

	if (request(p, PART_REQ_RESET, PART_RESETTING, "SYSTEM_RESET") !=
	    PART_OWN)
		return;
	stop_others(p, caller);
	/* Every other vCPU has parked: nothing can be recorded after this. */
	spin_lock(&p->lock);
	stop = p->stop_during_reset;
	spin_unlock(&p->lock);
	if (partition_reset_outcome(stop != NULL) == PART_OFF) {
		snprintf(why, sizeof(why), "%s during its reset", stop);
		finish_off(p, true, why);
		return;
	}
	guest_console_flush(p);
	p->resets++;
	hyp_log("partition %s: SYSTEM_RESET (restart %u): reloading its image",
		p->cfg->name, p->resets);
	if (!start(p, err, sizeof(err))) {
		/* Only this partition suffers: the machine goes on. */
		snprintf(why, sizeof(why), "cannot restart: %s", err);
		finish_off(p, true, why);
		return;
	}
	if (&p->vcpu[0] != caller)
		vcpu_kick(&p->vcpu[0]);
}
