/*
 * The smallest guest: prints a line through the console hypercall, then
 * powers its partition off with PSCI SYSTEM_OFF. It stays this small on
 * purpose, without the guest runtime (guests/lib): position independent,
 * so one image serves every guest platform preset and any load address,
 * and it shows the bare boot protocol. The call numbers come from the ABI
 * headers the hypervisor itself uses.
 */
#include <tessera/hypercall.h>
#include <tessera/psci.h>

	.syntax unified
	.arm
	.arch_extension virt
	.text
	.global	_start
_start:
	adr	r1, msg
	mov	r2, #(msg_end - msg)
	ldr	r0, =HC_CONSOLE_WRITE
	hvc	#0
	ldr	r0, =PSCI_FN_SYSTEM_OFF
	hvc	#0
1:	wfi
	b	1b
	.ltorg

msg:
	.ascii	"hello from a Tessera partition\n"
msg_end:
