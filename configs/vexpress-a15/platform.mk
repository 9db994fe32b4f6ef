# QEMU vexpress-a15 and Versatile Express TC2: RAM at 0x80000000. QEMU loads
# a raw -kernel image at 0x80010000, so the image runs where it is linked.
LINK_ADDR := 0x80010000
EARLY_UART := 0x1c090000
QEMU_MACHINE := vexpress-a15,virtualization=on
DEFAULT_CPUS := 4
# Root compatibles of the A15 CoreTiles (TC1 as QEMU models it, TC2): U-Boot
# picks the FIT configuration by them.
FIT_COMPATIBLE := arm,vexpress,v2p-ca15,tc1 arm,vexpress,v2p-ca15_a7
