/*
 * The smallest guest: prints a line through the console hypercall, then
 * powers its partition off with PSCI SYSTEM_OFF. Position independent, so
 * one image serves every guest platform preset.
 */
	.syntax unified
	.arm
	.text
	.global	_start
_start:
	mrs	r4, cpsr		@ report the mode we were started in
	and	r4, r4, #0x1f
	adr	r1, msg
	mov	r2, #(msg_end - msg)
	movw	r0, #0x0001		@ HC_CONSOLE_WRITE
	movt	r0, #0x8600
	hvc	#0
	movw	r0, #0x0008		@ PSCI SYSTEM_OFF
	movt	r0, #0x8400
	hvc	#0
1:	wfi
	b	1b

msg:
	.ascii	"hello from a Tessera partition\n"
msg_end:
