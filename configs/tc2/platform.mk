# ARM Versatile Express V2P-CA15_A7 (TC2): two Cortex-A15 (cluster 0) and
# three Cortex-A7 (cluster 1) behind a CCI-400; RAM at 0x80000000, the
# motherboard as on vexpress-a15 (docs/boards.md).
LINK_ADDR := 0x80010000
EARLY_UART := 0x1c090000
# The host tree: the board's DTB from Debian's linux-image-*-armmp package,
# extracted into build/tc2/ (docs/boards.md).
HOST_DTB := vexpress-v2p-ca15_a7.dtb
DEFAULT_CPUS := 5
FIT_COMPATIBLE := arm,vexpress,v2p-ca15_a7
