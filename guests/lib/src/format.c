/*
 * The console's formatter: a small, bounded printf (console.h says which
 * conversions). Pure logic, so it is unit-tested on the host
 * (tests/unit/test_guest_format.c).
 */
#include <guest/console.h>

#include <stdbool.h>

struct out {
	char *buf;
	size_t len, pos; /* pos may pass len: the length it would have had */
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void pad_to(struct out *o, unsigned have, unsigned width, char pad)
{
	for (; have < width; have++)
		put(o, pad);
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool neg,
		    unsigned width, char pad, bool left)
{
	char digits[24];
	unsigned n = 0, shown;

	do {
		unsigned d = (unsigned)(v % base);

		digits[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
		v /= base;
	} while (v);
	if (neg && pad == '0')
		put(o, '-'); /* before the zeros */
	else if (neg)
		digits[n++] = '-';
	shown = n + (neg && pad == '0');
	if (!left)
		pad_to(o, shown, width, pad);
	for (unsigned i = n; i; i--)
		put(o, digits[i - 1]);
	if (left)
		pad_to(o, shown, width, ' ');
}

size_t guest_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = {buf, len, 0};

	for (const char *f = fmt; *f; f++) {
		unsigned width = 0, longs = 0;
		bool left = false;
		int prec = -1;
		char pad = ' ';
		uint64_t u;
		int64_t s;

		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f++;
		for (;; f++) {
			if (*f == '0')
				pad = '0';
			else if (*f == '-')
				left = true;
			else
				break;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (unsigned)(*f++ - '0');
		if (*f == '.') { /* precision: for %s only */
			f++;
			prec = 0;
			if (*f == '*') {
				prec = va_arg(ap, int);
				f++;
			}
			while (*f >= '0' && *f <= '9')
				prec = prec * 10 + (*f++ - '0');
		}
		for (; *f == 'l' || *f == 'z'; f++)
			longs++; /* size_t is as wide as long (ILP32, LP64) */
		switch (*f) {
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			unsigned n = 0;

			if (!str)
				str = "(null)";
			while (str[n] && (prec < 0 || n < (unsigned)prec))
				n++;
			if (!left)
				pad_to(&o, n, width, ' ');
			for (unsigned i = 0; i < n; i++)
				put(&o, str[i]);
			if (left)
				pad_to(&o, n, width, ' ');
			break;
		}
		case 'd':
			s = longs >= 2 ? va_arg(ap, long long)
			    : longs    ? va_arg(ap, long)
				       : va_arg(ap, int);
			put_num(&o, s < 0 ? 0 - (uint64_t)s : (uint64_t)s, 10,
				s < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = longs >= 2 ? va_arg(ap, unsigned long long)
			    : longs    ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned);
			put_num(&o, u, *f == 'x' ? 16 : 10, false, width, pad,
				left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, 8,
				'0', false);
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--; /* a lone '%' at the end */
			break;
		default:
			put(&o, '%');
			put(&o, *f);
			break;
		}
	}
	if (len)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return o.pos < len ? o.pos : (len ? len - 1 : 0);
}

size_t guest_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = guest_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}

const char *guest_fmt_us(char *buf, size_t len, uint64_t us)
{
	if (us && us % 1000000u == 0)
		guest_snprintf(buf, len, "%llu s",
			       (unsigned long long)(us / 1000000u));
	else if (us && us % 1000u == 0)
		guest_snprintf(buf, len, "%llu ms",
			       (unsigned long long)(us / 1000u));
	else
		guest_snprintf(buf, len, "%llu us", (unsigned long long)us);
	return buf;
}
