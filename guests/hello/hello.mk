# guests/hello: included from the top Makefile.
HELLO_DIR := $(BUILD)/guests/hello
GUEST_IMAGES += $(HELLO_DIR)/hello.bin

$(HELLO_DIR)/hello.elf: guests/hello/hello.S include/tessera/hypercall.h \
		include/tessera/psci.h
	@mkdir -p $(@D)
	$(CC) -mcpu=cortex-a15 -marm -Iinclude -nostdlib -nostartfiles \
		-Wl,-Ttext=0 -Wl,--no-warn-rwx-segments $< -o $@

$(HELLO_DIR)/hello.bin: $(HELLO_DIR)/hello.elf
	$(OBJCOPY) -O binary $< $@
