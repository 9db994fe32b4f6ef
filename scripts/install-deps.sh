#!/usr/bin/env bash
# Installs what the build and the tests need on Debian bookworm. Idempotent:
# does nothing when everything is already there. Needs root (or sudo) only when
# something is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
libfdt_dir="$here/build/deps/libfdt-armhf"

pkgs=(gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm
      device-tree-compiler libfdt-dev u-boot-tools u-boot-qemu
      libcmocka-dev python3-pytest python3-pexpect cpio make gcc pkg-config openssl)

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$p")
done

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

updated=0
apt_update() {
    [ "$updated" -eq 1 ] && return 0
    # A mirror caught mid-sync fails one index; what we need is usually still
    # there, so retry once and carry on (a real failure shows at install time).
    as_root apt-get update -qq || { sleep 5; as_root apt-get update -qq || true; }
    updated=1
}

if [ "${#missing[@]}" -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}"
    apt_update
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# libfdt for ARMv7: Debian's armhf static library (Thumb-2, PIC). We only
# unpack the .deb into build/, we never install armhf packages system-wide.
if [ ! -f "$libfdt_dir/libfdt.a" ]; then
    echo "install-deps: fetching libfdt-dev:armhf"
    if ! dpkg --print-foreign-architectures | grep -qx armhf; then
        as_root dpkg --add-architecture armhf
        updated=0
    fi
    apt_update
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download -qq libfdt-dev:armhf)
    dpkg-deb -x "$tmp"/libfdt-dev_*_armhf.deb "$tmp/x"
    mkdir -p "$libfdt_dir"
    mkdir -p "$libfdt_dir/include"
    # Debian tags these objects hard-float; they contain no VFP code, and we
    # link soft-float, so the attribute section is dropped.
    arm-none-eabi-objcopy -R .ARM.attributes \
        "$tmp"/x/usr/lib/arm-linux-gnueabihf/libfdt.a "$libfdt_dir/libfdt.a"
    cp "$tmp"/x/usr/include/libfdt.h "$tmp"/x/usr/include/fdt.h \
       "$tmp"/x/usr/include/libfdt_env.h "$libfdt_dir/include/"
    rm -rf "$tmp"
fi
