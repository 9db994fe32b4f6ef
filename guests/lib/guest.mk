# The guest runtime (guests/lib/README.md), a make fragment for the top
# Makefile. It builds the runtime's objects once and defines GUEST, which
# declares a bare-metal guest in one line:
#
#   $(eval $(call GUEST,name,dir[,vcpus]))
#
# builds every .c and .S in dir (but *.ld.S) with the runtime, linked for
# each guest platform preset with the one linker script, guests/lib/guest.ld.S:
#
#   build/guests/<name>/vexpress/<name>.{elf,bin,map}  (at 0x80000000)
#   build/guests/<name>/virt/<name>.{elf,bin,map}      (at 0x40000000)
#
# `make <name>` builds both; both images go to GUEST_IMAGES (configurations
# that /incbin/ them depend on it). vcpus (default 1, at most 8): how many
# vCPUs get stacks (MPIDR.Aff0 below it). A guest may add flags with
# <name>_CFLAGS before the line.
#
# Uses BUILD, CROSS, CC, OBJCOPY and LIBFDT_DIR from the top Makefile when it
# defines them, defaults otherwise. Every variable it defines starts with
# GUEST_ or GLIB_, and it leaves the default goal alone.

ifndef GUEST_MK_INCLUDED
GUEST_MK_INCLUDED := 1
GLIB_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD ?= build
CROSS ?= arm-none-eabi-
LIBFDT_DIR ?= $(BUILD)/deps/libfdt-armhf
GUEST_CC := $(if $(filter default undefined,$(origin CC)),$(CROSS)gcc,$(CC))
GUEST_OBJCOPY := $(if $(OBJCOPY),$(OBJCOPY),$(CROSS)objcopy)
GUEST_IMAGES ?=

# The guest's RAM base per guest platform preset (core/guest_platform.c):
# the image is loaded and entered there.
GUEST_PLATFORMS := vexpress virt
GUEST_LINK_ADDR_vexpress := 0x80000000
GUEST_LINK_ADDR_virt := 0x40000000

GLIB_DIR := guests/lib
GLIB_OUT := $(BUILD)/guests/lib

# ARM state throughout (exception returns assume it), soft-float. Links
# newlib-nano's thumb/v7-a/nofp multilib for the string functions libfdt
# needs (interworking is free on ARMv7).
GUEST_ARCH := -mcpu=cortex-a15 -marm -mfloat-abi=soft
GUEST_WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes
GUEST_INCLUDES := -I$(GLIB_DIR)/include -Iinclude -isystem $(LIBFDT_DIR)/include
GUEST_CFLAGS := $(GUEST_ARCH) $(GUEST_WARN) -std=gnu11 -O2 -g \
	-ffreestanding -fno-common -ffunction-sections -fdata-sections \
	-fstack-protector-strong -mno-unaligned-access --specs=nano.specs \
	$(GUEST_INCLUDES)
GUEST_ASFLAGS := $(GUEST_ARCH) $(GUEST_INCLUDES) -D__ASSEMBLER__ \
	-Wa,--fatal-warnings
GUEST_LDFLAGS := $(GUEST_ARCH) --specs=nano.specs -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack

GLIB_SRC := $(wildcard $(GLIB_DIR)/src/*.c $(GLIB_DIR)/src/*.S)
GLIB_OBJS := $(patsubst $(GLIB_DIR)/src/%,$(GLIB_OUT)/%.o,$(GLIB_SRC))

# The runtime's objects do not depend on the guest or the link address:
# built once, linked into every guest.
$(GLIB_OUT)/%.c.o: $(GLIB_DIR)/src/%.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c $< -o $@

$(GLIB_OUT)/%.S.o: $(GLIB_DIR)/src/%.S
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -MMD -MP -c $< -o $@

-include $(GLIB_OBJS:.o=.d)

# $(1) name, $(2) dir, $(3) platform, $(4) vCPUs
define GUEST_PLATFORM_RULES
$(BUILD)/guests/$(1)/$(3)/$(1).ld: $(GLIB_DIR)/guest.ld.S \
		$(GLIB_DIR)/include/guest/layout.h
	@mkdir -p $$(@D)
	$(GUEST_CC) -E -P -x c $(GUEST_INCLUDES) -D__ASSEMBLER__ \
		-DGUEST_LINK_ADDR=$(GUEST_LINK_ADDR_$(3)) \
		-DGUEST_NR_VCPUS=$(4) $$< -o $$@

$(BUILD)/guests/$(1)/$(3)/$(1).elf: $$(GUEST_OBJS_$(1)) $(GLIB_OBJS) \
		$(BUILD)/guests/$(1)/$(3)/$(1).ld $(LIBFDT_DIR)/libfdt.a
	$(GUEST_CC) $(GUEST_LDFLAGS) -T $(BUILD)/guests/$(1)/$(3)/$(1).ld \
		-Wl,-Map,$(BUILD)/guests/$(1)/$(3)/$(1).map \
		$$(GUEST_OBJS_$(1)) $(GLIB_OBJS) $(LIBFDT_DIR)/libfdt.a -o $$@

$(BUILD)/guests/$(1)/$(3)/$(1).bin: $(BUILD)/guests/$(1)/$(3)/$(1).elf
	$(GUEST_OBJCOPY) -O binary $$< $$@
endef

# $(1) name, $(2) dir, $(3) vCPUs (default 1)
define GUEST
GUEST_SRC_$(1) := $$(filter-out %.ld.S,$$(wildcard $(2)/*.c $(2)/*.S))
GUEST_OBJS_$(1) := $$(patsubst $(2)/%,$(BUILD)/guests/$(1)/obj/%.o,$$(GUEST_SRC_$(1)))
GUEST_IMAGES += $$(foreach p,$(GUEST_PLATFORMS),$(BUILD)/guests/$(1)/$$(p)/$(1).bin)

.PHONY: $(1)
$(1): $$(foreach p,$(GUEST_PLATFORMS),$(BUILD)/guests/$(1)/$$(p)/$(1).bin)

$(BUILD)/guests/$(1)/obj/%.c.o: $(2)/%.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $$(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -I$(2) $$($(1)_CFLAGS) -MMD -MP -c $$< -o $$@

$(BUILD)/guests/$(1)/obj/%.S.o: $(2)/%.S
	@mkdir -p $$(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -I$(2) $$($(1)_CFLAGS) -MMD -MP -c $$< -o $$@

$$(foreach p,$(GUEST_PLATFORMS),$$(eval $$(call GUEST_PLATFORM_RULES,$(1),$(2),$$(p),$(if $(3),$(3),1))))

-include $$(GUEST_OBJS_$(1):.o=.d)
endef

.DEFAULT_GOAL := $(GLIB_SAVED_GOAL)
endif
