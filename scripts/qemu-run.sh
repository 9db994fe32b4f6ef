#!/usr/bin/env bash
# Boots a built hypervisor under QEMU. Prints the QEMU command line first, so
# what `make run` and the system tests do can be repeated by hand.
#
#   scripts/qemu-run.sh PLATFORM [--cpus N] [--secure on|off] [--uboot]
#                       [--no-dtb] [--append ARGS] [--mem SIZE] [--config NAME]
#                       [--fit] [--image FILE] [--dtb FILE] [-- QEMU ARGS...]
#
# PLATFORM: vexpress-a15 (QEMU gets our build/vexpress-a15/host-<N>cpu.dtb)
#           virt         (QEMU generates the device tree itself)
#           tc2          the tc2 build with the board's own DTB (extracted
#                        from Debian's kernel package) on QEMU's vexpress-a15,
#                        which stands in for TC2's Cortex-A15 cluster: QEMU
#                        has no Cortex-A7 cluster and no CCI-400 (docs/boards.md)
# --uboot:  virt only: boot Debian's U-Boot, which loads hyp.bin and runs bootz.
# --config: boot the image built with that system configuration
#           (make CONFIG=configs/PLATFORM/NAME.dts -> build/PLATFORM/NAME/hyp.bin).
# --fit:    virt only: Debian's U-Boot, with the FIT image hyp.itb placed at
#           0x48000000 by QEMU's loader device; at U-Boot's prompt type
#           bootm 0x48000000 - ${fdtcontroladdr}   (docs/booting.md)
# --image:  boot FILE instead of the built hyp.bin (hyp.itb with --fit).
# --dtb:    virt: QEMU hands FILE to U-Boot (or to the hypervisor)
#           instead of the tree it generates, e.g. build/virt/qemu-virt-key.dtb;
#           vexpress-a15, tc2: the host tree instead of the built one.
# Quit QEMU with Ctrl-A X.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${TESSERA_BUILD:-$here/build}
platform=${1:?usage: qemu-run.sh PLATFORM [options]}
shift
cpus= secure=off uboot=0 dtb=1 append= mem=1G config= extra=()
fit=0 image= user_dtb= fit_addr=0x48000000
while [ $# -gt 0 ]; do
    case "$1" in
    --cpus) cpus=$2; shift ;;
    --secure) secure=$2; shift ;;
    --uboot) uboot=1 ;;
    --no-dtb) dtb=0 ;;
    --append) append=$2; shift ;;
    --mem) mem=$2; shift ;;
    --config) config=$2; shift ;;
    --fit) fit=1 uboot=1 ;;
    --image) image=$2; shift ;;
    --dtb) user_dtb=$2; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "qemu-run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

dir=$build/$platform
img=$dir${config:+/$config}/hyp.bin
[ "$fit" = 1 ] && img=${img%.bin}.itb
img=${image:-$img}
case "$platform" in
vexpress-a15)
    cpus=${cpus:-4}
    cmd=(qemu-system-arm -M "vexpress-a15,virtualization=on,secure=$secure"
         -smp "$cpus" -m "$mem" -audiodev none,id=snd0
         -kernel "$img")
    [ "$dtb" = 1 ] && cmd+=(-dtb "${user_dtb:-$dir/host-${cpus}cpu.dtb}")
    [ "$uboot" = 1 ] && { echo "qemu-run.sh: --uboot is for virt" >&2; exit 2; }
    ;;
tc2)
    cpus=${cpus:-2}
    cmd=(qemu-system-arm -M "vexpress-a15,virtualization=on,secure=$secure"
         -smp "$cpus" -m "$mem" -audiodev none,id=snd0
         -kernel "$img")
    [ "$dtb" = 1 ] && cmd+=(-dtb "${user_dtb:-$dir/vexpress-v2p-ca15_a7.dtb}")
    [ "$uboot" = 1 ] && { echo "qemu-run.sh: --uboot is for virt" >&2; exit 2; }
    ;;
virt)
    cpus=${cpus:-2}
    cmd=(qemu-system-arm -M "virt,virtualization=on,secure=$secure"
         -cpu cortex-a15 -smp "$cpus" -m "$mem")
    [ "$uboot" = 1 ] && cmd+=(-bios /usr/lib/u-boot/qemu_arm/u-boot.bin)
    if [ "$fit" = 1 ]; then
        cmd+=(-device "loader,file=$img,addr=$fit_addr")
        echo "qemu-run.sh: at U-Boot's prompt: bootm $fit_addr - \${fdtcontroladdr}" >&2
    else
        cmd+=(-kernel "$img")
    fi
    [ -n "$user_dtb" ] && cmd+=(-dtb "$user_dtb")
    ;;
*)
    echo "qemu-run.sh: unknown platform '$platform' (vexpress-a15, virt, tc2)" >&2
    exit 2
    ;;
esac
[ -f "$img" ] || { echo "qemu-run.sh: $img is not built (make)" >&2; exit 1; }
[ -n "$append" ] && cmd+=(-append "$append")
cmd+=(-nographic -nic none "${extra[@]}")

echo "+ ${cmd[*]}" >&2
exec "${cmd[@]}"
