#!/usr/bin/env bash
# Packages what the GPU test machine needs (it has no JDK and no network) into one compressed file:
#   a jlink-ed Java runtime with only the modules the CLI needs, the CLI and its dependency jars (without DJL's CPU
#   libtorch and its prebuilt JNI library: the GPU machine uses its own PyTorch), the JNI headers of that runtime, and
#   DJL 0.35.1's PyTorch JNI source with the JNI header generated here (javac -h needs a JDK).
# Then checks that the working tree plus the kit fit in the 64 MiB the GPU machine receives.
#
# Usage: tools/gpu/package.sh --djl-src DIR [--out DIR] [--limit-mib N] [--skip-build]
#   --djl-src DIR   a DJL checkout at tag v0.35.1 (its root), or its engines/pytorch/pytorch-native folder;
#                   see docs/gpu.md for how to get it. Nothing of it is copied into the project's tracked sources.
#   --out DIR       where the kit goes (default: build/gpu-kit, ignored by git)
#   --limit-mib N   the size limit for working tree + kit (default: 64)
#   --skip-build    use the CLI already built in coordinator-cli/target
#
# Not part of the Maven build or CI. Needs: a JDK 17+ (jlink, jdeps, javac, jar), Maven, python3, xz.
set -euo pipefail

DJL_VERSION=0.35.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/build/gpu-kit"
limit_mib=64
build=1
djl_src=""

fail() {
  echo "package.sh: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --djl-src) djl_src="${2:-}"; shift 2 ;;
    --out) out="${2:-}"; shift 2 ;;
    --limit-mib) limit_mib="${2:-}"; shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown option \"$1\". Run tools/gpu/package.sh --help for usage." >&2; exit 2 ;;
  esac
done
[[ -n "$djl_src" ]] || { echo "package.sh: --djl-src DIR is required (DJL $DJL_VERSION source; docs/gpu.md says how to get it)." >&2; exit 2; }
[[ "$limit_mib" =~ ^[0-9]+$ ]] || { echo "package.sh: --limit-mib must be a whole number, got \"$limit_mib\"." >&2; exit 2; }
for tool in java jlink jdeps javac javap jar python3 xz; do
  command -v "$tool" >/dev/null 2>&1 || fail "\"$tool\" is not on PATH. Install a JDK 17+ (jlink, jdeps, javac), python3 and xz."
done

# --- 1. Find the three parts of DJL's source the JNI build needs ----------------------------------------------------
[[ -d "$djl_src" ]] || fail "--djl-src \"$djl_src\" is not a directory. Give a DJL $DJL_VERSION checkout (docs/gpu.md)."
djl_src="$(cd "$djl_src" && pwd)"
if grep -qs 'project(djl_torch)' "$djl_src/CMakeLists.txt"; then
  djl_root="$(cd "$djl_src/../../.." && pwd)"
elif grep -qs 'project(djl_torch)' "$djl_src/engines/pytorch/pytorch-native/CMakeLists.txt"; then
  djl_root="$djl_src"
else
  fail "--djl-src \"$djl_src\" holds no DJL PyTorch JNI source (neither it nor its engines/pytorch/pytorch-native has a CMakeLists.txt with project(djl_torch)). Give the root of a DJL $DJL_VERSION checkout or its engines/pytorch/pytorch-native folder (docs/gpu.md)."
fi
native="$djl_root/engines/pytorch/pytorch-native"
library_java="$djl_root/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
utils_h="$djl_root/api/src/main/native/djl/utils.h"
[[ -d "$native/src/main/native" ]] || fail "\"$native/src/main/native\" is missing: the DJL checkout is incomplete. Check out all of tag v$DJL_VERSION (docs/gpu.md)."
[[ -f "$library_java" ]] || fail "\"$library_java\" is missing: the JNI header is generated from it. Give a full DJL $DJL_VERSION checkout, not only pytorch-native (docs/gpu.md)."
[[ -f "$utils_h" ]] || fail "\"$utils_h\" is missing: the JNI build includes it. Give a full DJL $DJL_VERSION checkout (docs/gpu.md)."

# --- 2. Build the CLI ------------------------------------------------------------------------------------------------
cli="$root/coordinator-cli/target"
if [[ "$build" == 1 ]]; then
  echo "package.sh: building the CLI (mvn package, tests skipped)..."
  (cd "$root" && mvn -B -q -DskipTests -pl coordinator-cli -am package) || fail "the Maven build failed (output above). Fix the build, then run package.sh again."
fi
cli_jar="$(ls "$cli"/coordinator-cli-*.jar 2>/dev/null | head -1 || true)"
[[ -n "$cli_jar" && -d "$cli/lib" ]] || fail "no built CLI in $cli (coordinator-cli-*.jar and lib/). Run without --skip-build."

work="$(mktemp -d "${TMPDIR:-/tmp}/gpu-kit.XXXXXX")"
trap 'rm -rf "$work"' EXIT
kit="$work/kit"
mkdir -p "$kit/lib" "$kit/jni-include" "$kit/djl-src"

# --- 3. Jars: everything except DJL's CPU libtorch and prebuilt JNI; native code only for linux-x86_64 ----------------
cp "$cli_jar" "$kit/lib/"
for jar in "$cli"/lib/*.jar; do
  case "$(basename "$jar")" in
    pytorch-native-cpu-*|pytorch-jni-*) ;;
    *) cp "$jar" "$kit/lib/" ;;
  esac
done
python3 - "$kit/lib" <<'PY'
import os, sys, zipfile
# Native libraries for other platforms are dead weight on the linux-x86_64 GPU machine.
keep = {"linux-x86_64", "linux-x86-64"}
def foreign(name):
    native = name.endswith((".so", ".dll", ".dylib", ".jnilib", ".a")) or ".so." in name
    return native and not keep.intersection(name.split("/"))
for jar in sorted(os.listdir(sys.argv[1])):
    path = os.path.join(sys.argv[1], jar)
    with zipfile.ZipFile(path) as z:
        dropped = [i for i in z.infolist() if foreign(i.filename)]
        kept = [(i, z.read(i.filename)) for i in z.infolist() if not foreign(i.filename)]
    # Stored, not deflated: xz compresses the whole kit far better than deflate does file by file.
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as w:
        for info, data in kept:
            info.compress_type = zipfile.ZIP_STORED
            w.writestr(info, data)
    os.replace(tmp, path)
    if dropped:
        print(f"package.sh: {jar}: dropped {len(dropped)} native files for other platforms")
PY

# --- 4. A jlink-ed runtime with the modules jdeps finds (classes unpacked, module-info removed: they run on the class path)
classes="$work/classes"
mkdir -p "$classes"
for jar in "$kit"/lib/*.jar; do
  (cd "$classes" && jar xf "$jar")
done
find "$classes" -name module-info.class -delete
modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$classes" 2>/dev/null | tail -1)"
[[ "$modules" =~ ^[a-z.,]+$ ]] || fail "jdeps did not list the modules (\"$modules\"). Run jdeps by hand on $classes to see why."
# Reflection and native access jdeps cannot see: Unsafe (JNA, okio), JMX memory beans (DJL's CudaUtils), zip file system.
modules="$modules,jdk.unsupported,java.management,jdk.zipfs"
# java.desktop (AWT, 4.4 MB compressed) is referenced only by code the CLI never runs (DJL's image classes, JNA's AWT
# helpers, Jackson's optional java.beans support); the smoke test below runs the CLI on this runtime without it.
modules="$(tr ',' '\n' <<<"$modules" | grep -vx 'java.desktop' | sort -u | paste -sd, -)"
rm -rf "$classes"
echo "package.sh: jlink modules: $modules"
# --compress=0: the image is xz-compressed below, which shrinks an uncompressed image to 13 MB but a --compress=2
# (zip) image only to 24 MB (measured with JDK 17.0.15).
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=0 --output "$kit/jre" \
  || fail "jlink failed (output above). Check that this is a full JDK 17+ with jmods."

# Smoke test on this machine: the kit's runtime and jars, with DJL's CPU libtorch added back, run env-check and a prefill
# of the tiny model. A module missing from the runtime fails here, not on the GPU machine.
cpu_jars="$(ls "$cli"/lib/pytorch-native-cpu-*.jar "$cli"/lib/pytorch-jni-*.jar | paste -sd: -)"
smoke() {
  DJL_OFFLINE=true OPT_OUT_TRACKING=true "$kit/jre/bin/java" -Dai.djl.offline=true -cp "$kit/lib/*:$cpu_jars" \
    dev.trinity.coordinator.cli.CoordinatorCli "$@"
}
echo "package.sh: smoke test of the kit's runtime (env-check, extract on the CPU)..."
smoke env-check --model-dir "$root/priv/qwen3-tiny" --require cpu >"$work/smoke.txt" 2>&1 \
  && smoke extract --model-dir "$root/priv/qwen3-tiny" --device cpu --ids 872,25,3555 --json >>"$work/smoke.txt" 2>&1 \
  || { cat "$work/smoke.txt" >&2; fail "the kit's runtime cannot run the CLI (output above). Add the missing module to the jlink list in package.sh."; }

# JNI headers: CMake's FindJNI on the GPU machine (no JDK there) uses these with the runtime's libjvm.so.
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
[[ -f "$java_home/include/jni.h" && -f "$java_home/include/linux/jni_md.h" ]] || fail "no JNI headers in $java_home/include. Install the full JDK (headers included)."
cp "$java_home/include/jni.h" "$kit/jni-include/"
mkdir -p "$kit/jni-include/linux"
cp "$java_home/include/linux/jni_md.h" "$kit/jni-include/linux/"

# --- 5. DJL's JNI source, as it is, plus the JNI header generated from PyTorchLibrary.java ----------------------------
# Refuse a source that does not match the Java side in the jars: its native methods must be the same.
javac -h "$work/jni-h" -d "$work/jni-classes" "$library_java" || fail "javac could not compile $library_java. Is --djl-src a DJL $DJL_VERSION checkout?"
engine_jar="$(ls "$kit"/lib/pytorch-engine-*.jar)"
signatures() { javap -p -s -classpath "$1" ai.djl.pytorch.jni.PyTorchLibrary | grep -A1 ' native ' | sort; }
if ! diff <(signatures "$work/jni-classes") <(signatures "$engine_jar") >/dev/null; then
  fail "the native methods of $library_java differ from those in $(basename "$engine_jar"): --djl-src is not DJL $DJL_VERSION. Check out tag v$DJL_VERSION (docs/gpu.md)."
fi
target="$kit/djl-src/engines/pytorch/pytorch-native"
mkdir -p "$target/build/include" "$kit/djl-src/api/src/main/native/djl"
cp "$native/CMakeLists.txt" "$target/"
cp -r "$native/src" "$target/"
rm -rf "$target/src/main/java" "$target/src/main/resources"
cp "$work"/jni-h/*.h "$target/build/include/"
cp "$utils_h" "$kit/djl-src/api/src/main/native/djl/"
for notice in LICENSE NOTICE; do
  [[ -f "$djl_root/$notice" ]] && cp "$djl_root/$notice" "$kit/djl-src/"
done
cat > "$kit/MANIFEST.txt" <<EOF
Coordinator GPU kit (tools/gpu/package.sh; unpacked and used by tools/gpu/run-on-gpu.sh)
built: $(date -u +%Y-%m-%dT%H:%M:%SZ) from commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
java runtime: $(java -version 2>&1 | head -1); modules: $modules
DJL JNI source: $djl_root (DJL $DJL_VERSION), JNI header generated from PyTorchLibrary.java
jars: $(ls "$kit/lib" | tr '\n' ' ')
EOF

# --- 6. Compress into one file and check the size ----------------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
archive="$out/coordinator-gpu-kit.tar.xz"
echo "package.sh: compressing (xz -9)..."
tar -C "$kit" -cf - . | xz -9 -T0 > "$archive"

mib() { python3 -c "import sys; print(f'{int(sys.argv[1]) / 1048576:.2f}')" "$1"; }
tree_bytes="$(cd "$root" && { git ls-files -z; git ls-files -z --others --exclude-standard; } \
  | python3 -c "import os, sys; print(sum(os.path.getsize(p) for p in sys.stdin.read().split('\0') if p and os.path.isfile(p)))")"
kit_bytes="$(stat -c %s "$archive")"
unpacked_bytes="$(du -sb "$kit" | cut -f1)"
total=$((tree_bytes + kit_bytes))
limit=$((limit_mib * 1048576))
echo "package.sh: working tree (tracked + untracked, not ignored): $(mib "$tree_bytes") MiB"
echo "package.sh: kit $archive: $(mib "$kit_bytes") MiB (unpacked $(mib "$unpacked_bytes") MiB)"
echo "package.sh: total sent to the GPU machine: $(mib "$total") MiB of $limit_mib MiB"
if (( total > limit )); then
  rm -f "$archive"
  fail "working tree $(mib "$tree_bytes") MiB + kit $(mib "$kit_bytes") MiB = $(mib "$total") MiB is over the $limit_mib MiB the GPU machine receives. Remove large untracked files from the working tree or drop jars the GPU run does not need, then run package.sh again."
fi
echo "package.sh: ok. Send build/gpu-kit with the working tree; on the GPU machine run tools/gpu/run-on-gpu.sh."
