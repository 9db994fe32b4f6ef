# Tessera: a static-partitioning hypervisor for ARMv7-A (Cortex-A15).
#   make            build every platform (build/<platform>/hyp.{elf,bin,uImage})
#   make run        install missing dependencies, build, boot under QEMU
#   make test       install missing dependencies, build, run unit + system tests
#   make bench      build, count the instructions of each kind of exit (QEMU -icount)
#   make bench-linux  boot Linux natively and under Tessera, compare (RUNS=, HOGS=)

PLATFORMS := vexpress-a15 virt arndale tc2
# Boards: their host tree is the board's DTB from Debian's kernel package
# (see "board device trees" below).
BOARDS := arndale tc2
LINUX_IMAGE_DEB = $(lastword $(sort $(wildcard $(BUILD)/linux/debs/linux-image-*-armmp_*.deb)))
PLATFORM ?= vexpress-a15
CPUS ?=
SECURE ?= off

BUILD := build
CROSS ?= arm-none-eabi-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc
PYTEST ?= /usr/bin/python3 -m pytest

VERSION := 0.1.0
GIT_REV := $(shell git rev-parse --short HEAD 2>/dev/null)
HYP_VERSION := $(VERSION)$(if $(GIT_REV),+$(GIT_REV))

LIBFDT_DIR := $(BUILD)/deps/libfdt-armhf
INCLUDES := -Iinclude -Iarch/arm/include -Icore/include -Idrivers/include

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ARCH_FLAGS := -mcpu=cortex-a15 -mthumb -mfloat-abi=soft
HYP_CFLAGS := $(ARCH_FLAGS) $(WARN) -std=gnu11 -O2 -g -ffreestanding \
	-fno-common -ffunction-sections -fdata-sections \
	-fstack-protector-strong --specs=nano.specs \
	$(INCLUDES) -isystem $(LIBFDT_DIR)/include \
	-DHYP_VERSION='"$(HYP_VERSION)"'
HYP_ASFLAGS := $(ARCH_FLAGS) $(INCLUDES) -D__ASSEMBLER__
HYP_LDFLAGS := $(ARCH_FLAGS) --specs=nano.specs -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack

HYP_C := $(wildcard arch/arm/*.c drivers/*.c core/*.c)
HYP_S := $(wildcard boot/*.S arch/arm/*.S)

.PHONY: all deps run test unit-test system-test bench clean $(PLATFORMS) host
all: $(PLATFORMS) host configs

# ---------------------------------------------------------------- per platform
define platform_rules
$(1)_DIR := $(BUILD)/$(1)
EARLY_UART_TYPE := pl011
HOST_DTB :=
include configs/$(1)/platform.mk
$(1)_LINK_ADDR := $$(LINK_ADDR)
$(1)_EARLY_UART := $$(EARLY_UART)
$(1)_UART_FLAGS := -DEARLY_UART=$$(EARLY_UART) \
	$$(if $$(filter exynos,$$(EARLY_UART_TYPE)),-DEARLY_UART_EXYNOS)
$(1)_FIT_COMPATIBLE := $$(FIT_COMPATIBLE)
$(1)_OBJS := $$(patsubst %.c,$$($(1)_DIR)/obj/%.o,$(HYP_C)) \
	     $$(patsubst %.S,$$($(1)_DIR)/obj/%.o,$(HYP_S))
$(1)_HOST_DTB := $$(if $$(HOST_DTB),$$($(1)_DIR)/$$(HOST_DTB))
$(1)_DTBS := $$(if $$(HOST_DTB),$$(if $$(LINUX_IMAGE_DEB),$$($(1)_HOST_DTB)),\
	$$(foreach n,1 2 3 4,$$($(1)_DIR)/host-$$(n)cpu.dtb))

$(1): $$($(1)_DIR)/hyp.bin $$($(1)_DIR)/hyp.uImage $$($(1)_DTBS) \
	$$($(1)_DIR)/hyp.itb $$($(1)_DIR)/hyp-signed.itb

$$($(1)_DIR)/obj/%.o: %.c $(LIBFDT_DIR)/libfdt.a
	@mkdir -p $$(@D)
	$(CC) $(HYP_CFLAGS) $$($(1)_UART_FLAGS) -MMD -MP -c $$< -o $$@

$$($(1)_DIR)/obj/%.o: %.S
	@mkdir -p $$(@D)
	$(CC) $(HYP_ASFLAGS) $$($(1)_UART_FLAGS) -MMD -MP -c $$< -o $$@

$$($(1)_DIR)/hyp.ld: linker/hyp.ld.S core/include/core/limits.h
	@mkdir -p $$(@D)
	$(CC) -E -P -x c $(INCLUDES) -DLINK_ADDR=$$($(1)_LINK_ADDR) $$< -o $$@

$$($(1)_DIR)/hyp.elf: $$($(1)_OBJS) $$($(1)_DIR)/hyp.ld $(LIBFDT_DIR)/libfdt.a
	$(CC) $(HYP_LDFLAGS) -T $$($(1)_DIR)/hyp.ld -Wl,-Map,$$($(1)_DIR)/hyp.map \
		$$($(1)_OBJS) $(LIBFDT_DIR)/libfdt.a -o $$@

$$($(1)_DIR)/hyp.bin: $$($(1)_DIR)/hyp.elf
	$(OBJCOPY) -O binary $$< $$@

$$($(1)_DIR)/hyp.uImage: $$($(1)_DIR)/hyp.bin
	mkimage -q -A arm -O linux -T kernel -C none -a $$($(1)_LINK_ADDR) \
		-e $$($(1)_LINK_ADDR) -n "Tessera $(HYP_VERSION)" -d $$< $$@ >/dev/null

$$($(1)_DIR)/host-%cpu.dtb: configs/$(1)/host.dts
	@mkdir -p $$(@D)
	cpp -nostdinc -undef -x assembler-with-cpp -P -DNR_CPUS=$$* $$< | \
		dtc -q -I dts -O dtb -o $$@ -

-include $$($(1)_OBJS:.o=.d)
endef
$(foreach p,$(PLATFORMS),$(eval $(call platform_rules,$(p))))

# ------------------------------------------------------- board device trees
# build/<board>/<dtb>: the board's own tree, unmodified, from the newest
# linux-image-*-armmp .deb that scripts/build-linux-guest.sh downloaded (the
# same tree U-Boot passes from the boot partition). Plain `make` never
# downloads: without the .deb it builds the hypervisor only and says so;
# unit-test (part of `make test`) needs the trees and runs the script.
ifeq ($(LINUX_IMAGE_DEB),)
ifeq ($(filter unit-test board-check test run linux-guest,$(MAKECMDGOALS)),)
$(info note: no Debian kernel package in $(BUILD)/linux/debs: the board trees ($(BOARDS)) are not extracted; `make linux-guest` downloads it)
endif
endif
BOARD_DTBS := $(foreach b,$(BOARDS),$($(b)_HOST_DTB))

$(BOARD_DTBS): $(LINUX_IMAGE_DEB)
	@mkdir -p $(@D)
	@deb=$$(ls $(BUILD)/linux/debs/linux-image-*-armmp_*.deb 2>/dev/null | sort -V | tail -n 1); \
	if [ -z "$$deb" ]; then \
		TESSERA_BUILD=$(BUILD) scripts/build-linux-guest.sh >&2 || exit 1; \
		deb=$$(ls $(BUILD)/linux/debs/linux-image-*-armmp_*.deb | sort -V | tail -n 1); \
	fi; \
	dpkg-deb --fsys-tarfile "$$deb" | tar -xO --wildcards '*/$(@F)' > $@.tmp && \
	[ -s $@.tmp ] || { echo "$$deb has no $(@F)" >&2; rm -f $@.tmp; exit 1; }; \
	mv $@.tmp $@

# ------------------------------------------------------ system configurations
# make CONFIG=configs/<platform>/<name>.dts packs the hypervisor, that
# configuration and the guest images it embeds (/incbin/, paths relative to
# the repository root) into build/<platform>/<name>/hyp.{bin,uImage,elf}.
# The platform is the name of the folder the configuration sits in.
# Configurations with a Linux guest need the kernel and initramfs that
# scripts/build-linux-guest.sh downloads: they are built by `make
# linux-configs` (and by run and test), not by plain `make`. A configuration
# has a Linux guest when it /incbin/s something from build/linux/, itself or
# through a .dtsi beside it.
ALL_CONFIGS := $(filter-out %/host.dts,$(wildcard configs/*/*.dts)) \
	$(wildcard tests/system/configs/*/*.dts)
LINUX_DTSI := $(notdir $(shell grep -l 'build/linux/' /dev/null \
	$(wildcard configs/*/*.dtsi tests/system/configs/*/*.dtsi)))
LINUX_CONFIGS := $(shell grep -lE 'build/linux/$(foreach d,$(LINUX_DTSI),|$(d))' \
	/dev/null $(ALL_CONFIGS))
SYSTEM_CONFIGS := $(filter-out $(LINUX_CONFIGS),$(ALL_CONFIGS))
CONFIG ?=

-include guests/hello/hello.mk
-include guests/linux/linux.mk
-include guests/testkit/testkit.mk
-include guests/rt/rt.mk
-include guests/hostile/hostile.mk
GUEST_IMAGES ?=

define config_rules
$(1)_PLAT := $$(notdir $$(patsubst %/,%,$$(dir $(1))))
$(1)_DIR := $(BUILD)/$$($(1)_PLAT)/$$(basename $$(notdir $(1)))
$(1)_OBJS := $$(filter-out %/config_blob.o,$$($$($(1)_PLAT)_OBJS)) \
	$$($(1)_DIR)/config_blob.o

$$($(1)_DIR)/config.dtb: $(1) $$(wildcard $$(dir $(1))*.dtsi) $(GUEST_IMAGES) \
		$$(if $$(filter $(1),$(LINUX_CONFIGS)),$(LINUX_ZIMAGE) $(LINUX_INITRD))
	@mkdir -p $$(@D)
	cpp -nostdinc -undef -x assembler-with-cpp -P -Iconfigs $$< | \
		dtc -q -i . -I dts -O dtb -o $$@ -

$$($(1)_DIR)/config_blob.o: boot/config_blob.S $$($(1)_DIR)/config.dtb
	$(CC) $(HYP_ASFLAGS) -DCONFIG_DTB='"$$($(1)_DIR)/config.dtb"' -c $$< -o $$@

$$($(1)_DIR)/hyp.elf: $$($(1)_OBJS) $(BUILD)/$$($(1)_PLAT)/hyp.ld
	$(CC) $(HYP_LDFLAGS) -T $(BUILD)/$$($(1)_PLAT)/hyp.ld \
		-Wl,-Map,$$($(1)_DIR)/hyp.map $$($(1)_OBJS) \
		$(LIBFDT_DIR)/libfdt.a -o $$@

$$($(1)_DIR)/hyp.bin: $$($(1)_DIR)/hyp.elf
	$(OBJCOPY) -O binary $$< $$@

$$($(1)_DIR)/hyp.uImage: $$($(1)_DIR)/hyp.bin
	mkimage -q -A arm -O linux -T kernel -C none \
		-a $$($$($(1)_PLAT)_LINK_ADDR) -e $$($$($(1)_PLAT)_LINK_ADDR) \
		-n "Tessera $(HYP_VERSION)" -d $$< $$@ >/dev/null

$$(if $$(filter $(1),$(LINUX_CONFIGS)),LINUX_CONFIG_OUTPUTS,CONFIG_OUTPUTS) += \
	$$($(1)_DIR)/hyp.bin $$($(1)_DIR)/hyp.uImage \
	$$($(1)_DIR)/hyp.itb $$($(1)_DIR)/hyp-signed.itb
endef
$(foreach c,$(sort $(ALL_CONFIGS) $(CONFIG)),$(eval $(call config_rules,$(c))))

.PHONY: configs linux-configs
configs: $(CONFIG_OUTPUTS)
linux-configs: $(LINUX_CONFIG_OUTPUTS)
ifneq ($(CONFIG),)
all: $($(CONFIG)_DIR)/hyp.bin $($(CONFIG)_DIR)/hyp.uImage $($(CONFIG)_DIR)/hyp.itb
endif

# ------------------------------------------------------------- FIT images
# build/<platform>[/<config>]/hyp.itb: hyp.bin as the kernel of a FIT image,
# with a sha256 hash, loaded at the link address by U-Boot's bootm;
# hyp-signed.itb: the same with its configuration signed by the RSA key
# FIT_KEYDIR/FIT_KEY.{key,crt} (a test key made in build/keys unless given).
# The .its is written by scripts/mkits.sh; docs/booting.md, "FIT images".
FIT_KEYDIR ?= $(BUILD)/keys
FIT_KEY ?= dev
fit_plat = $(firstword $(subst /, ,$(1)))
fit_its = scripts/mkits.sh $(1) $< $($(call fit_plat,$*)_LINK_ADDR) \
	"$($(call fit_plat,$*)_FIT_COMPATIBLE)" "Tessera $(HYP_VERSION) ($*)" > $@
.PRECIOUS: $(BUILD)/%/hyp.its $(BUILD)/%/hyp-signed.its $(BUILD)/keys/%.key \
	$(BUILD)/keys/%.crt

$(BUILD)/%/hyp.its: $(BUILD)/%/hyp.bin scripts/mkits.sh
	$(call fit_its,)

$(BUILD)/%/hyp-signed.its: $(BUILD)/%/hyp.bin scripts/mkits.sh
	$(call fit_its,-k $(FIT_KEY))

$(BUILD)/%/hyp.itb: $(BUILD)/%/hyp.its $(BUILD)/%/hyp.bin
	mkimage -q -f $< $@ >/dev/null

$(BUILD)/%/hyp-signed.itb: $(BUILD)/%/hyp-signed.its $(BUILD)/%/hyp.bin \
		$(FIT_KEYDIR)/$(FIT_KEY).key $(FIT_KEYDIR)/$(FIT_KEY).crt
	mkimage -q -f $< -k $(FIT_KEYDIR) $@ >/dev/null

# A throw-away key pair for the tests: never use it to sign a real system.
$(BUILD)/keys/%.key:
	@mkdir -p $(@D)
	openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $@

$(BUILD)/keys/%.crt: $(BUILD)/keys/%.key
	openssl req -batch -new -x509 -key $< -subj "/CN=Tessera test key $*" -out $@

# QEMU virt's own device tree (2 CPUs, 1 GiB, secure=off, as qemu-run.sh
# boots it) with the public key, required for configurations: U-Boot started
# with it (-dtb) boots only FIT images signed with that key.
$(BUILD)/virt/qemu-virt-key.dtb: $(BUILD)/virt/hyp-signed.itb
	qemu-system-arm -M virt,virtualization=on,secure=off,dumpdtb=$@.tmp \
		-cpu cortex-a15 -smp 2 -m 1G -nographic -nic none >/dev/null
	cp $< $@.itb
	mkimage -q -F -k $(FIT_KEYDIR) -K $@.tmp -r $@.itb >/dev/null
	rm $@.itb
	mv $@.tmp $@
all: $(BUILD)/virt/qemu-virt-key.dtb

$(LIBFDT_DIR)/libfdt.a:
	@echo "libfdt for ARMv7 is missing: run 'make deps' (scripts/install-deps.sh)"; exit 1

# ---------------------------------------------------------------- host side
HOST_DIR := $(BUILD)/host
HOST_CFLAGS := -std=gnu11 -O1 -g $(WARN) -Wno-missing-prototypes \
	$(INCLUDES) -fsanitize=address,undefined -fno-omit-frame-pointer
HOST_LIBS := -lfdt -lcmocka
UNIT_TESTS := $(patsubst tests/unit/%.c,$(HOST_DIR)/%,$(wildcard tests/unit/test_*.c))
UNIT_DTS := $(wildcard tests/unit/dts/*.dts)
UNIT_DTBS := $(patsubst tests/unit/dts/%.dts,$(HOST_DIR)/dts/%.dtb,$(UNIT_DTS)) \
	$(HOST_DIR)/dts/qemu-virt.dtb

# Configuration checking (docs/config.md): the code the hypervisor runs at
# boot, built for the host tool and for test_config.
CONFIG_SRC := core/config_parse.c core/config_resolve.c core/config_check.c \
	core/config_ranges.c core/config_report.c core/config_internal.h \
	core/platform.c core/dt.c core/guest_platform.c
# Fixtures for test_config, plus the documented example configuration.
CONFIG_DTS := $(wildcard tests/unit/config/*.dts)
CONFIG_DTBS := $(patsubst tests/unit/config/%.dts,$(HOST_DIR)/config/%.dtb,$(CONFIG_DTS)) \
	$(HOST_DIR)/config/example-vexpress-a15.dtb

host: $(UNIT_TESTS) $(UNIT_DTBS) $(HOST_DIR)/hvconfig $(CONFIG_DTBS)

# What each unit test links besides itself is written in the test, in lines
# of the form
#   /* links: core/mmio.c core/vdev.c */
# (none: the test includes what it tests, e.g. a driver against a register
# fake). They are read into a make fragment, so no test is listed here.
$(HOST_DIR)/unit-links.mk: $(wildcard tests/unit/test_*.c)
	@mkdir -p $(@D)
	@for t in $^; do \
		echo "$(HOST_DIR)/$$(basename $$t .c): $$(sed -n \
			's|^/\* links: \(.*\) \*/$$|\1|p' $$t | tr '\n' ' ')"; \
	done > $@
-include $(HOST_DIR)/unit-links.mk
# The guests' channel library, tested on the host, includes <guest/...>.
$(HOST_DIR)/test_guest_channel: HOST_CFLAGS += -Iguests/lib/include

$(HOST_DIR)/hvconfig: tools/hvconfig.c $(CONFIG_SRC)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.c,$^) -o $@ -lfdt
# The guest runtime's formatter is tested with the guests' headers.
$(HOST_DIR)/test_guest_format: HOST_CFLAGS += -Iguests/lib/include

# Every test also depends on the headers (only .c files compile): coarse,
# but host builds are quick and nothing is missed.
UNIT_HEADERS := $(wildcard tests/unit/*.h core/*.h core/include/core/*.h \
	arch/arm/include/arch/*.h drivers/include/drivers/*.h include/*/*.h)
$(HOST_DIR)/test_%: tests/unit/test_%.c $(UNIT_HEADERS)
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_CFLAGS) $(filter %.c,$^) -o $@ $(HOST_LIBS)

$(HOST_DIR)/dts/%.dtb: tests/unit/dts/%.dts $(wildcard tests/unit/dts/*.dtsi)
	@mkdir -p $(@D)
	cpp -nostdinc -undef -x assembler-with-cpp -P -Iconfigs $< | \
		dtc -q -I dts -O dtb -o $@ -

# Config fixtures may #include a .dtsi (or a host tree from configs/) and
# /incbin/ files next to them.
CONFIG_DTC = cpp -nostdinc -undef -x assembler-with-cpp -P -Itests/unit/config \
	-Iconfigs $< | dtc -q -i $(<D) -I dts -O dtb -o $@ -

$(HOST_DIR)/config/%.dtb: tests/unit/config/%.dts \
		$(wildcard tests/unit/config/*.dtsi tests/unit/config/*.bin) \
		configs/vexpress-a15/host.dts
	@mkdir -p $(@D)
	$(CONFIG_DTC)

$(HOST_DIR)/config/example-vexpress-a15.dtb: configs/vexpress-a15/example.dts
	@mkdir -p $(@D)
	$(CONFIG_DTC)

# The tree QEMU itself generates for virt, as U-Boot and -kernel pass it on.
$(HOST_DIR)/dts/qemu-virt.dtb:
	@mkdir -p $(@D)
	qemu-system-arm -M virt,virtualization=on,dumpdtb=$@ -cpu cortex-a15 \
		-smp 2 -nographic -nic none >/dev/null

# ---------------------------------------------------------------- commands
deps:
	@scripts/install-deps.sh

# The default system: Linux and the bare-metal rt partition on vexpress-a15
# (configs/vexpress-a15/default.dts). RUN_CONFIG= boots the hypervisor alone.
RUN_CONFIG ?= default

run: deps
	@$(MAKE) --no-print-directory all
ifneq ($(RUN_CONFIG),)
	@$(MAKE) --no-print-directory linux-guest
	@$(MAKE) --no-print-directory CONFIG=configs/$(PLATFORM)/$(RUN_CONFIG).dts
	scripts/qemu-run.sh $(PLATFORM) $(if $(CPUS),--cpus $(CPUS)) --secure $(SECURE) \
		--config $(RUN_CONFIG)
else
	scripts/qemu-run.sh $(PLATFORM) $(if $(CPUS),--cpus $(CPUS)) --secure $(SECURE)
endif

unit-test: host $(foreach p,$(filter-out $(BOARDS),$(PLATFORMS)),$(BUILD)/$(p)/host-4cpu.dtb) \
		$(BOARD_DTBS)
	@set -e; for t in $(UNIT_TESTS); do \
		echo "== $$t"; TESSERA_BUILD=$(BUILD) $$t; done
	@$(MAKE) --no-print-directory board-check

# Each board's default configuration against the board's own tree, with the
# hypervisor image (configuration included) kept out of the allocator.
.PHONY: board-check
board-check: $(HOST_DIR)/hvconfig $(BOARD_DTBS) \
		$(foreach b,$(BOARDS),$(BUILD)/$(b)/default/hyp.bin)
	@set -e; $(foreach b,$(BOARDS),\
	echo "== hvconfig: configs/$(b)/default.dts on $(notdir $($(b)_HOST_DTB))"; \
	$(HOST_DIR)/hvconfig check $(BUILD)/$(b)/default/config.dtb \
		--host $($(b)_HOST_DTB) --reserve \
		$($(b)_LINK_ADDR),$$(stat -c %s $(BUILD)/$(b)/default/hyp.bin);)

system-test: all linux-guest
	@$(MAKE) --no-print-directory linux-configs
	$(PYTEST) -q tests/system

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory unit-test
	@$(MAKE) --no-print-directory system-test

# Exit-cost benchmarks under QEMU -icount (docs/benchmarks.md).
bench: all
	scripts/bench.sh

# Linux boot, native and under Tessera (docs/benchmarks.md): RUNS=, HOGS=.
.PHONY: bench-linux
bench-linux: all linux-guest
	@$(MAKE) --no-print-directory linux-configs
	scripts/bench-linux.sh $(if $(RUNS),--runs $(RUNS)) $(if $(HOGS),--hogs $(HOGS))

clean:
	rm -rf $(filter-out $(BUILD)/deps,$(wildcard $(BUILD)/*))
