# The test guest ("testkit"), a make fragment for the top Makefile:
#
#   include guests/testkit/testkit.mk
#   make testkit   ->  build/guests/testkit/vexpress/testkit.{elf,bin,map}
#                      build/guests/testkit/virt/testkit.{elf,bin,map}
#
# Uses BUILD, CROSS, CC, OBJCOPY and LIBFDT_DIR from the top Makefile when it
# defines them (and defaults otherwise, so this file also works on its own:
# make -f guests/testkit/testkit.mk testkit). It adds both images to
# GUEST_IMAGES (configurations that /incbin/ them depend on it); every other
# variable it defines starts with TESTKIT_, and it leaves the default goal
# alone.

TESTKIT_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD ?= build
CROSS ?= arm-none-eabi-
LIBFDT_DIR ?= $(BUILD)/deps/libfdt-armhf
TESTKIT_CC := $(if $(filter default undefined,$(origin CC)),$(CROSS)gcc,$(CC))
TESTKIT_OBJCOPY := $(if $(OBJCOPY),$(OBJCOPY),$(CROSS)objcopy)

TESTKIT_DIR := guests/testkit
TESTKIT_OUT := $(BUILD)/guests/testkit
# The guest's RAM base per guest platform preset (core/guest_platform.c):
# the image is loaded and entered there.
TESTKIT_PLATFORMS := vexpress virt
TESTKIT_LINK_ADDR_vexpress := 0x80000000
TESTKIT_LINK_ADDR_virt := 0x40000000

# ARM state throughout (exception returns assume it), soft-float: only
# vfp.S touches VFP/NEON, with its own .fpu directive. Links newlib-nano's
# thumb/v7-a/nofp multilib (interworking is free on ARMv7).
TESTKIT_ARCH := -mcpu=cortex-a15 -marm -mfloat-abi=soft
TESTKIT_WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes
TESTKIT_INCLUDES := -I$(TESTKIT_DIR) -Iguests/lib/include -isystem $(LIBFDT_DIR)/include
TESTKIT_CFLAGS := $(TESTKIT_ARCH) $(TESTKIT_WARN) -std=gnu11 -O2 -g \
	-ffreestanding -fno-common -ffunction-sections -fdata-sections \
	-fstack-protector-strong -mno-unaligned-access --specs=nano.specs \
	$(TESTKIT_INCLUDES)
TESTKIT_ASFLAGS := $(TESTKIT_ARCH) -I$(TESTKIT_DIR) -D__ASSEMBLER__ \
	-Wa,--fatal-warnings
TESTKIT_LDFLAGS := $(TESTKIT_ARCH) --specs=nano.specs -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack

TESTKIT_C := $(wildcard $(TESTKIT_DIR)/*.c)
TESTKIT_S := $(filter-out %.ld.S,$(wildcard $(TESTKIT_DIR)/*.S))
TESTKIT_OBJS := $(patsubst $(TESTKIT_DIR)/%.c,$(TESTKIT_OUT)/obj/%.o,$(TESTKIT_C)) \
	$(patsubst $(TESTKIT_DIR)/%.S,$(TESTKIT_OUT)/obj/%.o,$(TESTKIT_S)) \
	$(TESTKIT_OUT)/obj/lib/channel.o

GUEST_IMAGES += $(foreach p,$(TESTKIT_PLATFORMS),$(TESTKIT_OUT)/$(p)/testkit.bin)

.PHONY: testkit
testkit: $(foreach p,$(TESTKIT_PLATFORMS),$(TESTKIT_OUT)/$(p)/testkit.elf \
	$(TESTKIT_OUT)/$(p)/testkit.bin)

# The objects do not depend on the link address: built once, linked twice.
$(TESTKIT_OUT)/obj/%.o: $(TESTKIT_DIR)/%.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $(@D)
	$(TESTKIT_CC) $(TESTKIT_CFLAGS) -MMD -MP -c $< -o $@

# The channel library of guests/lib (docs/channels.md).
$(TESTKIT_OUT)/obj/lib/%.o: guests/lib/src/%.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $(@D)
	$(TESTKIT_CC) $(TESTKIT_CFLAGS) -MMD -MP -c $< -o $@

$(TESTKIT_OUT)/obj/%.o: $(TESTKIT_DIR)/%.S
	@mkdir -p $(@D)
	$(TESTKIT_CC) $(TESTKIT_ASFLAGS) -MMD -MP -c $< -o $@

define TESTKIT_PLATFORM_RULES
$(TESTKIT_OUT)/$(1)/testkit.ld: $(TESTKIT_DIR)/testkit.ld.S $(TESTKIT_DIR)/testkit.h
	@mkdir -p $$(@D)
	$(TESTKIT_CC) -E -P -x c -I$(TESTKIT_DIR) -D__ASSEMBLER__ \
		-DTESTKIT_LINK_ADDR=$(TESTKIT_LINK_ADDR_$(1)) $$< -o $$@

$(TESTKIT_OUT)/$(1)/testkit.elf: $(TESTKIT_OBJS) $(TESTKIT_OUT)/$(1)/testkit.ld \
		$(LIBFDT_DIR)/libfdt.a
	$(TESTKIT_CC) $(TESTKIT_LDFLAGS) -T $(TESTKIT_OUT)/$(1)/testkit.ld \
		-Wl,-Map,$(TESTKIT_OUT)/$(1)/testkit.map \
		$(TESTKIT_OBJS) $(LIBFDT_DIR)/libfdt.a -o $$@

$(TESTKIT_OUT)/$(1)/testkit.bin: $(TESTKIT_OUT)/$(1)/testkit.elf
	$(TESTKIT_OBJCOPY) -O binary $$< $$@
endef
$(foreach p,$(TESTKIT_PLATFORMS),$(eval $(call TESTKIT_PLATFORM_RULES,$(p))))

-include $(TESTKIT_OBJS:.o=.d)

.DEFAULT_GOAL := $(TESTKIT_SAVED_GOAL)
