/*
 * What newlib-nano expects from an operating system. The hypervisor has no
 * heap: everything is sized at boot from static storage, so any allocation
 * newlib attempts fails cleanly.
 */
#include <errno.h>
#include <stddef.h>

void *_sbrk(ptrdiff_t incr);

void *_sbrk(ptrdiff_t incr)
{
	(void)incr;
	errno = ENOMEM;
	return (void *)-1;
}
