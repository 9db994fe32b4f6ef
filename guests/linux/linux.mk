# The Linux guest, a make fragment for the top Makefile:
#
#   include guests/linux/linux.mk
#   make linux-guest  ->  build/linux/zImage, build/linux/initramfs.cpio.gz
#                         (and vexpress-v2p-ca15-tc1.dtb, VERSION, debs/)
#
# scripts/build-linux-guest.sh downloads Debian's newest armhf
# linux-image-*-armmp and busybox-static and packs guests/linux/init into an
# initramfs (guests/linux/README.md); it is a fast no-op when nothing changed.
# Downloading is never part of plain `make`: the images are not added to
# GUEST_IMAGES. A configuration that /incbin/s them can depend on
# $(LINUX_ZIMAGE) $(LINUX_INITRD): when they are missing they are built by the
# script; to refresh existing ones run `make linux-guest`. Uses BUILD from the
# top Makefile (default build); every variable it defines starts with LINUX_,
# and it leaves the default goal alone.

LINUX_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD ?= build
LINUX_SCRIPT := scripts/build-linux-guest.sh
LINUX_DIR := $(BUILD)/linux
LINUX_ZIMAGE := $(LINUX_DIR)/zImage
LINUX_INITRD := $(LINUX_DIR)/initramfs.cpio.gz
LINUX_DTB := $(LINUX_DIR)/vexpress-v2p-ca15-tc1.dtb

.PHONY: linux-guest
linux-guest:
	TESSERA_BUILD=$(BUILD) $(LINUX_SCRIPT)

$(LINUX_ZIMAGE) $(LINUX_INITRD) $(LINUX_DTB) &:
	TESSERA_BUILD=$(BUILD) $(LINUX_SCRIPT)

.DEFAULT_GOAL := $(LINUX_SAVED_GOAL)
