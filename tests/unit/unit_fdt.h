/*
 * Shared by the host unit tests that need device trees: loads a DTB file into
 * a heap buffer. Paths are relative to $TESSERA_BUILD (default "build"), the
 * build directory as seen from the repository root, where `make unit-test`
 * runs the tests.
 *
 * Include after <cmocka.h>.
 */
#ifndef TESTS_UNIT_FDT_H
#define TESTS_UNIT_FDT_H

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline const char *unit_build_dir(void)
{
	const char *b = getenv("TESSERA_BUILD");

	return (b && *b) ? b : "build";
}

/* Reads $TESSERA_BUILD/<rel> whole; fails the test when it cannot. */
static inline void *unit_load_file(const char *rel, size_t *lenp)
{
	char path[512];
	FILE *f;
	long len;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s", unit_build_dir(), rel);
	f = fopen(path, "rb");
	if (!f) {
		fail_msg("cannot open %s: %s (run `make host` first)", path,
			 strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fclose(f);
		fail_msg("cannot size %s", path);
		return NULL;
	}
	buf = malloc((size_t)len);
	assert_non_null(buf);
	if (fread(buf, 1, (size_t)len, f) != (size_t)len) {
		fclose(f);
		free(buf);
		fail_msg("short read on %s", path);
		return NULL;
	}
	fclose(f);
	if (lenp)
		*lenp = (size_t)len;
	return buf;
}

/* Loads a DTB and checks it is a well-formed tree of exactly that size. */
static inline void *unit_load_dtb(const char *rel)
{
	size_t len;
	void *fdt = unit_load_file(rel, &len);
	int rc = fdt_check_header(fdt);

	if (rc) {
		free(fdt);
		fail_msg("%s: %s", rel, fdt_strerror(rc));
		return NULL;
	}
	assert_int_equal(fdt_totalsize(fdt), len);
	return fdt;
}

/* Offset of a node by path; fails the test when it is missing. */
static inline int unit_node(const void *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0)
		fail_msg("no node %s in the fixture: %s", path,
			 fdt_strerror(node));
	return node;
}

/* Fails the test unless haystack contains needle, showing both. */
#define assert_contains(haystack, needle)                                     \
	do {                                                                  \
		const char *h_ = (haystack), *n_ = (needle);                  \
		if (!h_ || !strstr(h_, n_))                                   \
			fail_msg("\"%s\" does not contain \"%s\"",            \
				 h_ ? h_ : "(null)", n_);                     \
	} while (0)

#endif
