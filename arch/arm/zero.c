/* Zeroing any range with wide stores (arch/arm/include/arch/zero.h). */
#include <arch/zero.h>
#include <stdint.h>
#include <string.h>

#define LINE 64u

void zero_range(void *addr, size_t size)
{
	uintptr_t a = (uintptr_t)addr, end = a + size;
	uintptr_t first = (a + LINE - 1) & ~(uintptr_t)(LINE - 1);
	uintptr_t last = end & ~(uintptr_t)(LINE - 1);

	if (first >= last) { /* no whole line inside */
		memset(addr, 0, size);
		return;
	}
	memset(addr, 0, first - a);
	zero_lines((void *)first, last - first);
	memset((void *)last, 0, end - last);
}
