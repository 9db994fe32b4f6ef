# QEMU virt: RAM at 0x40000000. QEMU's -kernel loads at 0x40010000; U-Boot's
# bootz runs the image at 0x40400000, from where it copies itself down.
LINK_ADDR := 0x40010000
EARLY_UART := 0x09000000
QEMU_MACHINE := virt,virtualization=on
DEFAULT_CPUS := 2
# The root compatible of QEMU's tree: U-Boot picks the FIT configuration by it.
FIT_COMPATIBLE := linux,dummy-virt
