/* Versatile Express system registers: secondary boot address and power. */
#include <drivers/mmio.h>
#include <drivers/vexpress_sysreg.h>

void vexpress_set_boot_address(uintptr_t sysreg, uint32_t addr)
{
	mmio_write32(sysreg + SYS_FLAGSCLR, ~0u);
	mmio_write32(sysreg + SYS_FLAGSSET, addr);
}

void vexpress_sys_cfg(uintptr_t sysreg, unsigned function)
{
	mmio_write32(sysreg + SYS_CFGDATA, 0);
	/* Site 0 (motherboard), position 0, device 0. */
	mmio_write32(sysreg + SYS_CFGCTRL, SYS_CFGCTRL_START |
						   SYS_CFGCTRL_WRITE |
						   SYS_CFGCTRL_FUNC(function));
}
