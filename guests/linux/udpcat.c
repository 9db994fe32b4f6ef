/*
 * udpcat: UDP from the shell of the Linux guest, whose busybox nc speaks
 * TCP only. A static ARM (EABI) Linux program without a C library: system
 * calls by number (arch/arm/tools/syscall.tbl), built by
 * scripts/build-linux-guest.sh with the bare-metal toolchain.
 *
 *   udpcat -l PORT             print every datagram arriving on PORT
 *   udpcat -1 PORT             print the first one, exit
 *   udpcat ADDR PORT MESSAGE   send MESSAGE (with a newline), print the
 *                              reply; exit 1 if none within 2 s
 */
#include <stddef.h>
#include <stdint.h>

#define SYS_exit 1
#define SYS_write 4
#define SYS_socket 281
#define SYS_bind 282
#define SYS_sendto 290
#define SYS_recvfrom 292
#define SYS_setsockopt 294
#define AF_INET 2
#define SOCK_DGRAM 2
#define SOL_SOCKET 1
#define SO_RCVTIMEO 20 /* struct timeval of two 32-bit longs */

struct sockaddr_in {
	uint16_t family, port;
	uint32_t addr;
	uint8_t zero[8];
};

static long sys(long n, long a, long b, long c, long d, long e, long f)
{
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e;
	register long r5 __asm__("r5") = f;
	register long r7 __asm__("r7") = n;

	__asm__ volatile("svc #0"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7)
			 : "memory");
	return r0;
}

static size_t len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void out(int fd, const char *s, size_t n)
{
	sys(SYS_write, fd, (long)s, (long)n, 0, 0, 0);
}

static void __attribute__((noreturn)) leave(int code, const char *why)
{
	if (why) {
		out(2, "udpcat: ", 8);
		out(2, why, len(why));
		out(2, "\n", 1);
	}
	sys(SYS_exit, code, 0, 0, 0, 0, 0);
	for (;;)
		;
}

static int number(const char *s, uint32_t max, uint32_t *v)
{
	uint32_t n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (n = n * 10 + (uint32_t)(*s - '0')) >
						    max)
			return -1;
	}
	*v = n;
	return 0;
}

/* A.B.C.D in network order. */
static int address(const char *s, uint32_t *a)
{
	uint8_t b[4];

	for (int i = 0; i < 4; i++) {
		char part[4];
		int n = 0;
		uint32_t v;

		while (*s >= '0' && *s <= '9' && n < 3)
			part[n++] = *s++;
		part[n] = '\0';
		if (number(part, 255, &v) || (i < 3 && *s++ != '.'))
			return -1;
		b[i] = (uint8_t)v;
	}
	if (*s)
		return -1;
	*a = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	     (uint32_t)b[3] << 24;
	return 0;
}

static struct sockaddr_in sockaddr(uint32_t addr, uint32_t port)
{
	struct sockaddr_in sa = {AF_INET,
				 (uint16_t)((port >> 8) | (port & 0xff) << 8),
				 addr,
				 {0}};
	return sa;
}

static char buf[2048];

int cmain(long *sp);
int cmain(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	uint32_t port, addr;
	struct sockaddr_in sa;
	long fd, n;

	fd = sys(SYS_socket, AF_INET, SOCK_DGRAM, 0, 0, 0, 0);
	if (fd < 0)
		leave(1, "no socket");
	if (argc == 3 && (argv[1][0] == '-') &&
	    (argv[1][1] == 'l' || argv[1][1] == '1') && !argv[1][2]) {
		if (number(argv[2], 65535, &port))
			leave(2, "bad port");
		sa = sockaddr(0, port);
		if (sys(SYS_bind, fd, (long)&sa, sizeof(sa), 0, 0, 0) < 0)
			leave(1, "cannot bind the port");
		do {
			n = sys(SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0,
				0);
			if (n > 0)
				out(1, buf, (size_t)n);
		} while (argv[1][1] == 'l');
		leave(0, NULL);
	}
	if (argc == 4 && !address(argv[1], &addr) &&
	    !number(argv[2], 65535, &port)) {
		long tv[2] = {2, 0};
		size_t m = len(argv[3]);

		if (m > sizeof(buf) - 1)
			m = sizeof(buf) - 1;
		for (size_t i = 0; i < m; i++)
			buf[i] = argv[3][i];
		buf[m++] = '\n';
		sa = sockaddr(addr, port);
		sys(SYS_setsockopt, fd, SOL_SOCKET, SO_RCVTIMEO, (long)tv,
		    sizeof(tv), 0);
		if (sys(SYS_sendto, fd, (long)buf, (long)m, 0, (long)&sa,
			sizeof(sa)) < 0)
			leave(1, "cannot send");
		n = sys(SYS_recvfrom, fd, (long)buf, sizeof(buf), 0, 0, 0);
		if (n <= 0)
			leave(1, "no reply");
		out(1, buf, (size_t)n);
		leave(0, NULL);
	}
	leave(2, "usage: udpcat -l PORT | udpcat -1 PORT | "
		 "udpcat ADDR PORT MESSAGE");
}

__asm__(".text\n.global _start\n_start:\n\tmov r0, sp\n\tbl cmain\n"
	"\tmov r7, #1\n\tsvc #0\n");
