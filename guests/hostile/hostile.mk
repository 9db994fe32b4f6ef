# The hostile test guest (guests/hostile/README.md): attacks on the
# hypervisor and on a victim partition beside it, selected by bootargs.
# `make hostile` gives build/guests/hostile/{vexpress,virt}/hostile.bin.
include guests/lib/guest.mk
$(eval $(call GUEST,hostile,guests/hostile,2))
