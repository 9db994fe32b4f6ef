# Insignal Arndale (Samsung Exynos 5250, two Cortex-A15): RAM at 0x40000000.
# Debian's U-Boot (u-boot-exynos) enters in Hyp mode; bootz/bootm run the
# image where it is linked, or it copies itself there (docs/boards.md).
LINK_ADDR := 0x40010000
# UART2, stdout-path "serial2" of exynos5250-arndale.dtb: the board's
# RS-232 console (U-Boot's too).
EARLY_UART := 0x12c20000
EARLY_UART_TYPE := exynos
# The host tree: the board's DTB from Debian's linux-image-*-armmp package,
# extracted into build/arndale/ (docs/boards.md).
HOST_DTB := exynos5250-arndale.dtb
DEFAULT_CPUS := 2
# U-Boot picks the FIT configuration by the board tree's root compatible.
FIT_COMPATIBLE := insignal,arndale
