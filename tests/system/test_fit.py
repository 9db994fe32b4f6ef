"""Issue 13, item 5: the hypervisor as a FIT image (build/<platform>[/<config>]/
hyp.itb), booted with `bootm` by Debian's U-Boot for QEMU virt. U-Boot checks
the image's sha256 hash, or with a public key in its control device tree the
signature of the configuration, and refuses an image that fails the check
(docs/booting.md, "FIT images")."""
import os
import re
import shutil
import subprocess


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("TESSERA_BUILD", os.path.join(ROOT, "build"))
TESTKIT = os.path.join(BUILD, "virt", "testkit")
KEY_DTB = os.path.join(BUILD, "virt", "qemu-virt-key.dtb")

# Where scripts/qemu-run.sh --fit has QEMU place the image; U-Boot passes
# the hypervisor its own (QEMU's) device tree only when told to.
BOOTM = "bootm 0x48000000 - ${fdtcontroladdr}\n"
STOP_AUTOBOOT = ("Hit any key to stop autoboot", "\n")
REFUSED = "ERROR: can't get kernel image!"
TIMEOUT = 120


def bootm(qemu, *args, inputs=None, **kw):
    inputs = inputs or [STOP_AUTOBOOT, ("=> ", BOOTM)]
    return qemu("virt", "--cpus", "2", "--fit", *args, inputs=inputs,
                timeout=TIMEOUT, **kw)


def refused(qemu, *args):
    return bootm(qemu, *args, until=REFUSED)


def assert_testkit_passed(b):
    runs = [(int(p), int(f)) for p, f in
            re.findall(r"^testkit: (\d+) passed, (\d+) failed", b.output, re.M)]
    assert len(runs) == 1, "testkit did not finish"
    assert runs[0][1] == 0, "\n".join(
        l for l in b.output.splitlines() if l.startswith("testkit: not ok"))
    assert b.powered_off


def assert_hypervisor_never_ran(b):
    assert REFUSED in b
    assert "Starting kernel" not in b
    assert "Tessera hypervisor" not in b


def copy(src, dst_dir, name=None):
    dst = os.path.join(str(dst_dir), name or os.path.basename(src))
    shutil.copyfile(src, dst)
    return dst


def test_fit_boots_testkit_with_verified_hash(qemu):
    b = bootm(qemu, "--config", "testkit")
    assert "Using 'conf-1' configuration" in b
    assert "Verifying Hash Integrity ... sha256+ OK" in b
    assert "Load Address: 0x40010000" in b
    # the hypervisor got U-Boot's device tree in r2 and runs in Hyp mode
    assert "hyp: Tessera hypervisor" in b and "on linux,dummy-virt" in b
    assert "hyp: entered in Non-secure Hyp mode" in b
    assert "hyp: CPUs: 2 online of 2" in b
    assert "hypervisor at 0x40010000" in b
    assert_testkit_passed(b)


def test_fit_with_corrupted_kernel_is_refused(qemu, tmp_path):
    image = open(os.path.join(TESTKIT, "hyp.bin"), "rb").read()
    fit = bytearray(open(os.path.join(TESTKIT, "hyp.itb"), "rb").read())
    at = fit.find(image)
    assert at > 0, "hyp.bin is not stored whole in hyp.itb"
    fit[at + len(image) // 2] ^= 0x01
    bad = tmp_path / "corrupted.itb"
    bad.write_bytes(bytes(fit))
    b = refused(qemu, "--image", str(bad))
    assert "Bad hash value for 'hash-1' hash node in 'kernel-1' image node" in b
    assert "Bad Data Hash" in b
    assert_hypervisor_never_ran(b)


def test_fit_for_another_board_needs_the_configuration_named(qemu, tmp_path):
    # U-Boot 2023.01 with CONFIG_FIT_BEST_MATCH picks the configuration by
    # the compatible of its own device tree and does not fall back to the
    # default one: `bootm ADDR#conf-1` names it.
    copy(os.path.join(TESTKIT, "hyp.bin"), tmp_path)
    its = subprocess.run(
        [os.path.join(ROOT, "scripts", "mkits.sh"), str(tmp_path / "hyp.bin"),
         "0x40010000", "vendor,other-board", "other board"],
        check=True, capture_output=True, text=True).stdout
    (tmp_path / "hyp.its").write_text(its)
    subprocess.run(["mkimage", "-q", "-f", str(tmp_path / "hyp.its"),
                    str(tmp_path / "hyp.itb")], check=True,
                   stdout=subprocess.DEVNULL)
    b = bootm(qemu, "--image", str(tmp_path / "hyp.itb"),
              inputs=[STOP_AUTOBOOT, ("=> ", BOOTM),
                      (REFUSED, BOOTM.replace("0x48000000", "0x48000000#conf-1"))])
    assert "Could not find configuration node" in b
    assert "Using 'conf-1' configuration" in b
    assert_testkit_passed(b)


def test_signed_fit_boots_with_the_key_required(qemu):
    b = bootm(qemu, "--image", os.path.join(TESTKIT, "hyp-signed.itb"),
              "--dtb", KEY_DTB)
    assert "Verifying Hash Integrity ... sha256,rsa2048:dev+ OK" in b
    assert "hyp: entered in Non-secure Hyp mode" in b
    assert_testkit_passed(b)


def test_fit_signed_with_another_key_is_refused(qemu, tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    subprocess.run(["openssl", "genpkey", "-quiet", "-algorithm", "RSA",
                    "-pkeyopt", "rsa_keygen_bits:2048",
                    "-out", str(keys / "dev.key")], check=True)
    subprocess.run(["openssl", "req", "-batch", "-new", "-x509",
                    "-key", str(keys / "dev.key"), "-subj", "/CN=not ours",
                    "-out", str(keys / "dev.crt")], check=True)
    # the same image, signed again with a key of the same name
    fit = copy(os.path.join(TESTKIT, "hyp-signed.itb"), tmp_path)
    subprocess.run(["mkimage", "-q", "-F", "-k", str(keys), fit], check=True,
                   stdout=subprocess.DEVNULL)
    b = refused(qemu, "--image", fit, "--dtb", KEY_DTB)
    assert "sha256,rsa2048:dev- " in b
    assert "Failed to verify required signature 'key-dev'" in b
    assert_hypervisor_never_ran(b)


def test_unsigned_fit_is_refused_when_a_key_is_required(qemu):
    b = refused(qemu, "--config", "testkit", "--dtb", KEY_DTB)
    assert "Failed to verify required signature 'key-dev'" in b
    assert_hypervisor_never_ran(b)
