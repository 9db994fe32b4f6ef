#!/bin/sh
# Writes, on stdout, the image tree source (.its) of a FIT image holding a
# built hypervisor, for `mkimage -f` (docs/booting.md, "FIT images").
#
#   scripts/mkits.sh [-k KEY] IMAGE LOAD_ADDR "COMPATIBLE..." DESCRIPTION
#
# IMAGE      the raw image (hyp.bin); the .its names it by its file name, so
#            it must sit next to the .its (dtc looks for /incbin/ files in
#            the directory of the source first).
# LOAD_ADDR  the platform's link address: U-Boot's bootm copies the image
#            there and jumps to it, so the image runs where it is linked.
# COMPATIBLE the root compatible strings of the boards the image is for,
#            separated by spaces. U-Boot built with CONFIG_FIT_BEST_MATCH
#            (Debian's QEMU builds are) picks the configuration by matching
#            them against its own device tree; without a match its bootm
#            says "Could not find configuration node" (U-Boot 2023.01 does
#            not fall back to the default configuration).
# -k KEY     sign the configuration with the RSA key named KEY (mkimage -k
#            DIR looks for DIR/KEY.key and DIR/KEY.crt).
set -eu

key=
if [ "${1:-}" = -k ]; then
	key=$2
	shift 2
fi
[ $# -eq 4 ] || {
	echo "usage: mkits.sh [-k KEY] IMAGE LOAD_ADDR \"COMPATIBLE...\" DESCRIPTION" >&2
	exit 2
}
image=$(basename "$1") load=$2 description=$4

compatible=
for c in $3; do
	compatible="$compatible${compatible:+, }\"$c\""
done
[ -n "$compatible" ] || { echo "mkits.sh: no compatible string" >&2; exit 2; }

cat <<EOF
/dts-v1/;

/ {
	description = "$description";
	#address-cells = <1>;

	images {
		kernel-1 {
			description = "$description";
			data = /incbin/("$image");
			type = "kernel";
			arch = "arm";
			/*
			 * "linux": bootm starts the image with the Linux/ARM
			 * boot protocol the hypervisor expects (r2 = device
			 * tree), in the mode U-Boot runs in (Hyp on QEMU virt).
			 */
			os = "linux";
			compression = "none";
			load = <$load>;
			entry = <$load>;
			hash-1 {
				algo = "sha256";
			};
		};
	};

	configurations {
		default = "conf-1";

		conf-1 {
			description = "$description";
			compatible = $compatible;
			kernel = "kernel-1";
EOF
if [ -n "$key" ]; then
	cat <<EOF
			signature-1 {
				algo = "sha256,rsa2048";
				key-name-hint = "$key";
				sign-images = "kernel";
			};
EOF
fi
cat <<EOF
		};
	};
};
EOF
