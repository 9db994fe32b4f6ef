/* Versatile Express motherboard system registers (V2M-P1 TRM, 4.3). */
#ifndef DRIVERS_VEXPRESS_SYSREG_H
#define DRIVERS_VEXPRESS_SYSREG_H

#include <stdint.h>

#define SYS_FLAGSSET 0x30
#define SYS_FLAGSCLR 0x34
#define SYS_CFGDATA 0xa0
#define SYS_CFGCTRL 0xa4
#define SYS_CFGSTAT 0xa8

#define SYS_CFGCTRL_START (1u << 31)
#define SYS_CFGCTRL_WRITE (1u << 30)
#define SYS_CFGCTRL_FUNC(f) (((f) & 0x3fu) << 20)
#define SYS_CFG_SHUTDOWN 8
#define SYS_CFG_REBOOT 9

/* The address a secondary CPU jumps to when the boot loader wakes it. */
void vexpress_set_boot_address(uintptr_t sysreg, uint32_t addr);
/* Motherboard configuration function (shutdown, reboot); returns on failure. */
void vexpress_sys_cfg(uintptr_t sysreg, unsigned function);

#endif
