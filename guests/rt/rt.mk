# The real-time demo guest ("rt", guests/rt/README.md): the runtime
# (guests/lib) builds it; `make rt` gives build/guests/rt/{vexpress,virt}/rt.bin.
include guests/lib/guest.mk
$(eval $(call GUEST,rt,guests/rt))
