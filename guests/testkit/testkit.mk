# The bare-metal test guest (guests/testkit/README.md) on the runtime
# (guests/lib), with stacks for 8 vCPUs; `make testkit` gives
# build/guests/testkit/{vexpress,virt}/testkit.bin.
include guests/lib/guest.mk
$(eval $(call GUEST,testkit,guests/testkit,8))
