/*
 * The system configuration (a DTB with the guest images inside it), packed
 * into the hypervisor image by `make CONFIG=...`. Without CONFIG_DTB the
 * blob is empty and the hypervisor starts no partition.
 */
	.section .rodata.config, "a"
	.balign	8
	.global	__config_start
__config_start:
#ifdef CONFIG_DTB
	.incbin	CONFIG_DTB
#endif
	.global	__config_end
__config_end:
