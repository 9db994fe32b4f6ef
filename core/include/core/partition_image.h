/*
 * A partition's images: kernel and initrd copied from the configuration (or
 * from where the boot loader left them, kept pristine) to their guest
 * addresses, and the generated guest device tree at the top 64 KB of the
 * memory region holding the kernel.
 */
#ifndef CORE_PARTITION_IMAGE_H
#define CORE_PARTITION_IMAGE_H

#include <core/config.h>
#include <stddef.h>

/* Room for the generated guest device tree (config_guest_dt_place()). */
#define GUEST_DT_MAX CFG_GUEST_DT_SIZE

struct partition;

/*
 * At creation: chooses p->dtb_ipa (config_guest_dt_place()); -1 with a
 * message in err when there is no room.
 */
int partition_image_place(struct partition *p, char *err, size_t errlen);
/*
 * (Re)loads p's memory as its guest is to find it at the kernel entry:
 * allocated regions zeroed, kernel and initrd copied, the guest device tree
 * built in place (in p's own RAM, so partitions loading at once share
 * nothing), everything cleaned to the point of coherency. Returns 0, or -1
 * with a message in err. The partition's vCPUs must not be running.
 */
int partition_image_load(struct partition *p, char *err, size_t errlen);

#endif
