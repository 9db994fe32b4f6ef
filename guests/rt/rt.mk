# The real-time demo guest ("rt", guests/rt/README.md), a make fragment for
# the top Makefile:
#
#   include guests/rt/rt.mk
#   make rt   ->  build/guests/rt/vexpress/rt.{elf,bin,map}  (at 0x80000000)
#                 build/guests/rt/virt/rt.{elf,bin,map}      (at 0x40000000)
#
# Uses BUILD, CROSS, CC, OBJCOPY and LIBFDT_DIR from the top Makefile when it
# defines them (and defaults otherwise, so this file also works on its own:
# make -f guests/rt/rt.mk rt). It adds both images to GUEST_IMAGES
# (configurations that /incbin/ them depend on it); every other variable it
# defines starts with RT_, and it leaves the default goal alone.

RT_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD ?= build
CROSS ?= arm-none-eabi-
LIBFDT_DIR ?= $(BUILD)/deps/libfdt-armhf
RT_CC := $(if $(filter default undefined,$(origin CC)),$(CROSS)gcc,$(CC))
RT_OBJCOPY := $(if $(OBJCOPY),$(OBJCOPY),$(CROSS)objcopy)

RT_DIR := guests/rt
RT_OUT := $(BUILD)/guests/rt
# The guest's RAM base per guest platform preset (core/guest_platform.c):
# the image is loaded and entered there.
RT_PLATFORMS := vexpress virt
RT_LINK_ADDR_vexpress := 0x80000000
RT_LINK_ADDR_virt := 0x40000000

# ARM state throughout (exception returns assume it), soft-float: rt never
# touches VFP/NEON. Links newlib-nano's thumb/v7-a/nofp multilib for the
# string functions libfdt needs (interworking is free on ARMv7).
RT_ARCH := -mcpu=cortex-a15 -marm -mfloat-abi=soft
RT_WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes
RT_INCLUDES := -I$(RT_DIR) -Iguests/lib -isystem $(LIBFDT_DIR)/include
RT_CFLAGS := $(RT_ARCH) $(RT_WARN) -std=gnu11 -O2 -g \
	-ffreestanding -fno-common -ffunction-sections -fdata-sections \
	-fstack-protector-strong -mno-unaligned-access --specs=nano.specs \
	$(RT_INCLUDES)
RT_ASFLAGS := $(RT_ARCH) -I$(RT_DIR) -D__ASSEMBLER__ \
	-Wa,--fatal-warnings
RT_LDFLAGS := $(RT_ARCH) --specs=nano.specs -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack

RT_C := $(wildcard $(RT_DIR)/*.c)
RT_S := $(filter-out %.ld.S,$(wildcard $(RT_DIR)/*.S))
RT_OBJS := $(patsubst $(RT_DIR)/%.c,$(RT_OUT)/obj/%.o,$(RT_C)) \
	$(patsubst $(RT_DIR)/%.S,$(RT_OUT)/obj/%.o,$(RT_S)) \
	$(RT_OUT)/obj/lib/channel.o

GUEST_IMAGES += $(foreach p,$(RT_PLATFORMS),$(RT_OUT)/$(p)/rt.bin)

.PHONY: rt
rt: $(foreach p,$(RT_PLATFORMS),$(RT_OUT)/$(p)/rt.elf \
	$(RT_OUT)/$(p)/rt.bin)

# The objects do not depend on the link address: built once, linked twice.
$(RT_OUT)/obj/%.o: $(RT_DIR)/%.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -MMD -MP -c $< -o $@

# The channel library of guests/lib (docs/channels.md).
$(RT_OUT)/obj/lib/%.o: guests/lib/%.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $(@D)
	$(RT_CC) $(RT_CFLAGS) -MMD -MP -c $< -o $@

$(RT_OUT)/obj/%.o: $(RT_DIR)/%.S
	@mkdir -p $(@D)
	$(RT_CC) $(RT_ASFLAGS) -MMD -MP -c $< -o $@

define RT_PLATFORM_RULES
$(RT_OUT)/$(1)/rt.ld: $(RT_DIR)/rt.ld.S $(RT_DIR)/rt.h
	@mkdir -p $$(@D)
	$(RT_CC) -E -P -x c -I$(RT_DIR) -D__ASSEMBLER__ \
		-DRT_LINK_ADDR=$(RT_LINK_ADDR_$(1)) $$< -o $$@

$(RT_OUT)/$(1)/rt.elf: $(RT_OBJS) $(RT_OUT)/$(1)/rt.ld \
		$(LIBFDT_DIR)/libfdt.a
	$(RT_CC) $(RT_LDFLAGS) -T $(RT_OUT)/$(1)/rt.ld \
		-Wl,-Map,$(RT_OUT)/$(1)/rt.map \
		$(RT_OBJS) $(LIBFDT_DIR)/libfdt.a -o $$@

$(RT_OUT)/$(1)/rt.bin: $(RT_OUT)/$(1)/rt.elf
	$(RT_OBJCOPY) -O binary $$< $$@
endef
$(foreach p,$(RT_PLATFORMS),$(eval $(call RT_PLATFORM_RULES,$(p))))

-include $(RT_OBJS:.o=.d)

.DEFAULT_GOAL := $(RT_SAVED_GOAL)
