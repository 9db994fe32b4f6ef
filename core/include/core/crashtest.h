/*
 * Diagnostics for the fault paths: "hyp.crashtest=<what>" in the host
 * /chosen/bootargs makes the boot CPU commit that fault after the banner, so
 * the tests can see the hypervisor's reports. Documented in docs/booting.md.
 */
#ifndef CORE_CRASHTEST_H
#define CORE_CRASHTEST_H

void crashtest_run(const void *fdt);

#endif
