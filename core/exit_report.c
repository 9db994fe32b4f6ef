/*
 * Exit statistics on the console: a partition's vCPU counters summed and
 * printed as the lines core/include/core/exit_stats.h describes.
 */
#include <arch/spinlock.h>
#include <core/console.h>
#include <core/exit_stats.h>
#include <core/partition.h>

void exit_stats_print(struct partition *p)
{
	const struct exit_stats *per_vcpu[MAX_CPUS];
	const char *names[MAX_MMIO_REGIONS];
	struct exit_stats sum;
	char line[400];

	for (unsigned i = 0; i < p->nr_vcpus; i++)
		per_vcpu[i] = &p->vcpu[i].stats;
	exit_stats_sum(&sum, per_vcpu, p->nr_vcpus);
	sum.n[EXIT_VGIC_LOCKS] = 0;
	for (unsigned i = 0; i < p->nr_vcpus; i++)
		sum.n[EXIT_VGIC_LOCKS] += tas_lock_count(p->vcpu[i].pcpu);
	for (unsigned r = 0; r < p->mmio.nr; r++)
		names[r] = p->mmio.r[r].name;
	for (enum exit_stats_line l = 0; l < EXIT_LINES; l++)
		hyp_log("%s", exit_stats_format(line, sizeof(line),
						p->cfg->name, &sum, l, names,
						p->mmio.nr));
}

void exit_stats_print_all(void)
{
	for (unsigned i = 0; i < partitions_count(); i++) {
		struct partition *p = partition_get(i);

		/* One that could not be created has no vCPUs to count. */
		if (p->cfg)
			exit_stats_print(p);
	}
}
