#!/usr/bin/env bash
# Builds the Linux guest from Debian armhf packages (guests/linux/README.md):
#
#   build/linux/zImage              the kernel of the newest linux-image-*-armmp
#   build/linux/initramfs.cpio.gz   busybox-static + guests/linux/init +
#                                   that kernel's virtio_mmio and virtio_net
#                                   modules and what they depend on, and
#                                   udpcat (guests/linux/udpcat.c, built
#                                   with arm-none-eabi-gcc: UDP from the
#                                   shell, which busybox's nc lacks)
#   build/linux/vexpress-v2p-ca15-tc1.dtb   that kernel's DTB (for reference,
#                                   and for booting the guest natively in QEMU)
#   build/linux/VERSION             the packages and versions used
#   build/linux/debs/               the downloaded .debs (a download cache)
#
#   scripts/build-linux-guest.sh [--force]
#
# Does nothing when the outputs exist and neither guests/linux/init, this
# script nor the package versions apt offers have changed. When apt cannot be
# asked or cannot download (offline), cached .debs and outputs are used with a
# warning. TESSERA_BUILD overrides the build directory (default: build).
# Needs root (or sudo) only to add the armhf architecture to dpkg or to run
# apt-get update; nothing is installed.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD:-$here/build}
out=$build/linux
debs=$out/debs
init_src=$here/guests/linux/init
udpcat_src=$here/guests/linux/udpcat.c
self=$here/scripts/build-linux-guest.sh
dtb_name=vexpress-v2p-ca15-tc1.dtb

force=0
while [ $# -gt 0 ]; do
    case "$1" in
    --force) force=1 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-linux-guest: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

log() { echo "build-linux-guest: $*"; }
warn() { echo "build-linux-guest: warning: $*" >&2; }
die() { echo "build-linux-guest: error: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else return 1; fi
}

[ -f "$init_src" ] || die "$init_src is missing"
mkdir -p "$debs"

# One build at a time (make -j, or two test runs sharing build/).
exec 9>"$out/.lock"
flock 9

# Fast path: the versions apt offers can only have changed if its package
# lists (or its pinning) did, so when those, guests/linux/init and this script
# are as at the last build, nothing is to be done -- without asking apt-cache,
# which takes about a second per question here (Debian's container images
# keep no package cache).
lists=/var/lib/apt/lists/
eval "$(apt-config shell lists Dir::State::lists/d 2>/dev/null)" || true
fast_inputs=$( {
    stat -c '%n %s %Y' "$lists"*Packages* /etc/apt/preferences \
        /etc/apt/preferences.d/* /var/lib/dpkg/arch 2>/dev/null || true
    sha256sum "$init_src" "$self" "$udpcat_src"
} | sha256sum | cut -d' ' -f1)
if [ "$force" -eq 0 ] && [ -f "$out/zImage" ] && [ -f "$out/initramfs.cpio.gz" ] &&
   [ -f "$out/$dtb_name" ] &&
   [ "$(cat "$out/.fast-inputs" 2>/dev/null)" = "$fast_inputs" ]; then
    log "up to date ($(paste -sd, "$out/VERSION" | sed 's/,/, /g'))"
    exit 0
fi
rm -f "$out/.fast-inputs"

tmp=$(mktemp -d "$out/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# apt-get download as root otherwise warns that _apt cannot write here.
apt_opts=(-q)
[ "$(id -u)" -eq 0 ] && apt_opts+=(-o APT::Sandbox::User=root)

updated=0
apt_update() {
    [ "$updated" -eq 1 ] && return 0
    updated=1
    log "apt-get update"
    # A mirror caught mid-sync fails one index file; what we need is usually
    # still there, so retry once and carry on (as scripts/install-deps.sh).
    as_root apt-get update -qq || { sleep 5; as_root apt-get update -qq || true; }
}

# The candidate version of an armhf package, empty if apt has none.
candidate() {
    apt-cache policy "$1:armhf" 2>/dev/null |
        awk '$1 == "Candidate:" && $2 != "(none)" { print $2; exit }'
}

# Sets kpkg/kver (the newest linux-image-<abi>-armmp) and bver
# (busybox-static), or lookup_error.
kpkg='' kver='' bver='' lookup_error=''
lookup() {
    local err=$tmp/apt-cache.err
    kpkg='' kver='' bver='' lookup_error=''
    # The metapackage linux-image-armmp depends on the current versioned
    # package (the -rt- flavour has its own metapackage).
    kpkg=$(apt-cache depends "linux-image-armmp:armhf" 2>"$err" |
        sed -n 's/^ *Depends: \(linux-image-[0-9][^ :]*-armmp\)\(:armhf\)\{0,1\}$/\1/p' |
        sort -V | tail -n 1) || true
    if [ -z "$kpkg" ]; then
        # No metapackage: the highest versioned package name apt offers.
        kpkg=$(apt-cache pkgnames linux-image- 2>>"$err" |
            grep -E '^linux-image-[0-9][0-9.]*-[0-9]+-armmp$' | sort -V |
            while read -r p; do [ -n "$(candidate "$p")" ] && echo "$p"; done |
            tail -n 1) || true
    fi
    if [ -z "$kpkg" ]; then
        lookup_error=$(grep -m 1 '^E:' "$err" | sed 's/^E: //' || true)
        lookup_error=${lookup_error:-apt offers no linux-image-*-armmp package for armhf}
        kpkg=
        return 1
    fi
    kver=$(candidate "$kpkg")
    bver=$(candidate busybox-static)
    if [ -z "$kver" ]; then
        lookup_error="apt offers no armhf version of $kpkg"; kpkg=; return 1
    fi
    if [ -z "$bver" ]; then
        lookup_error="apt offers no armhf version of busybox-static"; return 1
    fi
}

# --- 1. Which packages ----------------------------------------------------

if ! dpkg --print-foreign-architectures | grep -qx armhf; then
    log "adding the armhf architecture to dpkg"
    if as_root dpkg --add-architecture armhf; then
        apt_update
    else
        lookup_error="dpkg has no armhf architecture (as root: dpkg --add-architecture armhf && apt-get update)"
    fi
fi
if [ -z "$lookup_error" ]; then
    # No armhf entries in the package lists yet: fetch them once.
    apt-cache show "linux-image-armmp:armhf" >/dev/null 2>&1 ||
        apt-cache show "busybox-static:armhf" >/dev/null 2>&1 || apt_update
    lookup || true
fi
# Set when anything was not as apt offers it (then the fast path stays off).
fallback=0
if [ -n "$lookup_error" ]; then
    fallback=1
    warn "cannot ask apt for linux-image-*-armmp:armhf and busybox-static:armhf: $lookup_error"
fi

# --- 2. Fetch a .deb into debs/ (a download cache) --------------------------

# deb_path PKG VERSION: where apt-get download puts it (':' escaped).
deb_path() { echo "$debs/${1}_${2//:/%3a}_armhf.deb"; }

# The newest cached .deb of the packages a glob names, if any.
# shellcheck disable=SC2086  # $1 is a glob
newest_deb() { ls "$debs"/$1_*_armhf.deb 2>/dev/null | sort -V | tail -n 1 || true; }

# fetch PKG VERSION: sets fetched_deb, or fetch_error and fails. Stale lists
# (the mirror has dropped that version): apt-get update once, retry.
fetched_deb='' fetch_error=''
fetch() {
    local pkg=$1 ver=$2 name
    fetched_deb='' fetch_error=''
    if [ -f "$(deb_path "$pkg" "$ver")" ]; then
        fetched_deb=$(deb_path "$pkg" "$ver"); return 0
    fi
    log "downloading $pkg:armhf $ver"
    for attempt in 1 2; do
        name=$(basename "$(deb_path "$pkg" "$ver")")
        if (cd "$tmp" && apt-get download "${apt_opts[@]}" "$pkg:armhf=$ver") \
                >"$tmp/apt.log" 2>&1 && [ -f "$tmp/$name" ]; then
            rm -f "$debs/${pkg}"_*_armhf.deb   # keep one version per package
            mv "$tmp/$name" "$debs/$name"
            fetched_deb=$debs/$name
            return 0
        fi
        fetch_error=$(grep -E '^(E|Err):' "$tmp/apt.log" | tail -n 1 | sed -E 's/^(E|Err): *//' || true)
        fetch_error=${fetch_error:-$(tail -n 1 "$tmp/apt.log")}
        fetch_error=${fetch_error:-apt-get download made no $name}
        if [ "$updated" -eq 1 ] || [ "$attempt" -eq 2 ]; then break; fi
        apt_update
        ver=$(candidate "$pkg")
        [ -n "$ver" ] || { fetch_error="apt no longer offers it"; break; }
    done
    return 1
}

# --- 3. Kernel ---------------------------------------------------------------

kernel_have=$(cat "$out/.kernel-inputs" 2>/dev/null || true)
kernel_out() { [ -f "$out/zImage" ] && [ -f "$out/$dtb_name" ]; }

extract_kernel() {
    local deb=$1 inputs zimage dtb
    inputs="$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
    log "extracting $(basename "$deb")"
    dpkg-deb -x "$deb" "$tmp/kernel"
    zimage=$(ls "$tmp"/kernel/boot/vmlinuz-* 2>/dev/null | head -n 1) || true
    [ -n "$zimage" ] || die "$(basename "$deb") has no boot/vmlinuz-*"
    dtb=$(find "$tmp"/kernel/usr/lib/linux-image-* -name "$dtb_name" 2>/dev/null |
        head -n 1) || true
    [ -n "$dtb" ] || die "$(basename "$deb") has no usr/lib/linux-image-*/$dtb_name"
    rm -f "$out/.kernel-inputs"
    cp "$zimage" "$out/zImage.new" && mv "$out/zImage.new" "$out/zImage"
    cp "$dtb" "$out/$dtb_name.new" && mv "$out/$dtb_name.new" "$out/$dtb_name"
    echo "$inputs" >"$out/.kernel-inputs"
    rm -rf "$tmp/kernel"
    kernel_have=$inputs
    log "$out/zImage: $inputs ($(stat -c %s "$out/zImage") bytes)"
}

kernel_built=0
if [ -n "$kpkg" ] && [ "$force" -eq 0 ] && kernel_out &&
   [ "$kernel_have" = "$kpkg $kver" ]; then
    :   # up to date
elif [ -n "$kpkg" ] && fetch "$kpkg" "$kver"; then
    extract_kernel "$fetched_deb"; kernel_built=1
else
    fallback=1
    what="${kpkg:-linux-image-*-armmp}:armhf"
    reason=${fetch_error:-$lookup_error}
    deb=$(newest_deb 'linux-image-*-armmp')
    if [ -n "$deb" ]; then
        warn "cannot download $what: $reason; using the cached $(basename "$deb")"
        if [ "$force" -eq 1 ] || ! kernel_out ||
           [ "$kernel_have" != "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)" ]; then
            extract_kernel "$deb"; kernel_built=1
        fi
    elif kernel_out; then
        [ -n "$kernel_have" ] ||
            kernel_have=$(head -n 1 "$out/VERSION" 2>/dev/null || true)
        warn "cannot download $what: $reason; keeping $out/zImage (${kernel_have:-version unknown})"
    else
        die "cannot download $what: $reason"
    fi
fi

# --- 4. Initramfs ------------------------------------------------------------

initramfs_have=$(cat "$out/.initramfs-inputs" 2>/dev/null || true)
# Everything the initramfs is made of, after the busybox-static version
# (the kernel too: its modules go in).
initramfs_rest="init $(sha256sum <"$init_src" | cut -d' ' -f1) script $(sha256sum <"$self" | cut -d' ' -f1) udpcat $(sha256sum <"$udpcat_src" | cut -d' ' -f1) kernel ${kernel_have// /_}"

# The kernel modules the virtual network needs (docs/channels.md), as the
# kernel package has them; their dependencies are added from each module's
# "depends=" (the package has no modules.dep: depmod makes it on install),
# except those built in (modules.builtin).
net_modules="virtio_mmio virtio_net"

# add_modules ROOT: copies the modules into ROOT/lib/modules/tessera/ and
# writes their load order (dependencies first) to its "order" file.
add_modules() {
    local root=$1 deb kdir dest order=() seen=" "
    deb=$(deb_path "${kernel_have% *}" "${kernel_have#* }")
    [ -f "$deb" ] || deb=$(newest_deb 'linux-image-*-armmp')
    [ -n "$deb" ] && [ -f "$deb" ] || die "no kernel .deb for the initramfs modules"
    rm -rf "$tmp/mods"
    dpkg-deb -x "$deb" "$tmp/mods"
    kdir=$(ls -d "$tmp"/mods/lib/modules/*/ | head -n 1)
    dest=$root/lib/modules/tessera
    mkdir -p "$dest"
    # visit NAME: its dependencies, then itself (names use _ or -).
    visit() {
        local name=${1//-/_} ko dep
        case "$seen" in *" $name "*) return 0 ;; esac
        seen="$seen$name "
        if grep -qE "/${name//_/[_-]}\.ko\$" "$kdir/modules.builtin" 2>/dev/null; then
            return 0
        fi
        ko=$(find "$kdir" -name "$name.ko" -o -name "${name//_/-}.ko" | head -n 1)
        [ -n "$ko" ] || die "$(basename "$deb") has no module $name"
        for dep in $(tr '\0' '\n' <"$ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
            visit "$dep"
        done
        cp "$ko" "$dest/$name.ko"
        order+=("$name")
    }
    for m in $net_modules; do visit "$m"; done
    printf '%s\n' "${order[@]}" >"$dest/order"
    log "modules for the initramfs: ${order[*]}"
    rm -rf "$tmp/mods"
}

build_initramfs() {
    local deb=$1 inputs root=$tmp/root
    inputs="busybox-static $(dpkg-deb -f "$deb" Version) $initramfs_rest"
    rm -rf "$tmp/busybox" "$root"
    dpkg-deb -x "$deb" "$tmp/busybox"
    [ -x "$tmp/busybox/bin/busybox" ] || die "$(basename "$deb") has no bin/busybox"
    mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
    cp "$tmp/busybox/bin/busybox" "$root/bin/busybox"
    ln -s busybox "$root/bin/sh"   # the rest: `busybox --install -s` in /init
    install -m 0755 "$init_src" "$root/init"
    add_modules "$root"
    ${CROSS:-arm-none-eabi-}gcc -mcpu=cortex-a15 -marm -mfloat-abi=soft -O2 \
        -Wall -Wextra -Werror -ffreestanding -fno-stack-protector -nostdlib \
        -static -Wl,--build-id=none -Wl,-e,_start -s \
        -o "$root/bin/udpcat" "$udpcat_src" || die "cannot build udpcat"
    chmod 1777 "$root/tmp"
    # Reproducible: fixed order, owners and times; gzip without name or time.
    # /dev/console is not needed here: /init mounts devtmpfs on /dev.
    find "$root" -exec touch -h -d @0 {} +
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
        cpio -o -H newc --owner=0:0 --reproducible --quiet) |
        gzip -9 -n >"$out/initramfs.cpio.gz.new"
    rm -f "$out/.initramfs-inputs"
    mv "$out/initramfs.cpio.gz.new" "$out/initramfs.cpio.gz"
    echo "$inputs" >"$out/.initramfs-inputs"
    initramfs_have=$inputs
    log "$out/initramfs.cpio.gz: busybox-static $(dpkg-deb -f "$deb" Version)" \
        "($(stat -c %s "$out/initramfs.cpio.gz") bytes)"
}

initramfs_built=0
if [ -n "$bver" ] && [ "$force" -eq 0 ] && [ -f "$out/initramfs.cpio.gz" ] &&
   [ "$initramfs_have" = "busybox-static $bver $initramfs_rest" ]; then
    :   # up to date
elif [ -n "$bver" ] && fetch busybox-static "$bver"; then
    build_initramfs "$fetched_deb"; initramfs_built=1
else
    fallback=1
    reason=${fetch_error:-$lookup_error}
    deb=$(newest_deb busybox-static)
    if [ -n "$deb" ]; then
        warn "cannot download busybox-static:armhf: $reason; using the cached $(basename "$deb")"
        if [ "$force" -eq 1 ] || [ ! -f "$out/initramfs.cpio.gz" ] ||
           [ "$initramfs_have" != "busybox-static $(dpkg-deb -f "$deb" Version) $initramfs_rest" ]; then
            build_initramfs "$deb"; initramfs_built=1
        fi
    elif [ -f "$out/initramfs.cpio.gz" ]; then
        warn "cannot download busybox-static:armhf: $reason; keeping $out/initramfs.cpio.gz" \
             "(it may not hold the current guests/linux/init)"
    else
        die "cannot download busybox-static:armhf: $reason"
    fi
fi

# --- 5. Record -----------------------------------------------------------------

if [ -n "$kernel_have" ] && [ -n "$initramfs_have" ]; then
    printf '%s\n%s\n' "$kernel_have" "$(echo "$initramfs_have" | cut -d' ' -f1,2)" \
        >"$out/VERSION.new"
    mv "$out/VERSION.new" "$out/VERSION"
fi
# After a fallback, ask apt again next time.
if [ "$fallback" -eq 0 ]; then
    echo "$fast_inputs" >"$out/.fast-inputs"
fi
if [ "$fallback" -eq 1 ]; then
    log "using cached files ($(paste -sd, "$out/VERSION" 2>/dev/null | sed 's/,/, /g'))"
elif [ "$kernel_built" -eq 0 ] && [ "$initramfs_built" -eq 0 ]; then
    log "up to date ($(paste -sd, "$out/VERSION" 2>/dev/null | sed 's/,/, /g'))"
fi
