#!/usr/bin/env bash
# Runs the CUDA checks on the GPU test machine (no JDK, no network; Python with PyTorch + CUDA, CMake, a C++ compiler).
# Run from the repository root after tools/gpu/package.sh made build/gpu-kit/coordinator-gpu-kit.tar.xz elsewhere.
#
#   1. unpacks the kit into build/gpu-run/;
#   2. builds DJL's PyTorch JNI library (libdjl_torch.so) with CMake against the PyTorch of this machine's python3;
#   3. puts it where DJL 0.35.1 looks when PYTORCH_LIBRARY_PATH is set:
#      $ENGINE_CACHE_DIR/pytorch/<PYTORCH_VERSION>-<PYTORCH_FLAVOR>-linux-x86_64/0.35.1-libdjl_torch.so
#   4. runs, each step logged to the results folder (steps run even when an earlier one failed):
#      env-check --require cuda; golden hidden states on CUDA in fp32 and fp16 (compare_golden.py);
#      bench --shape qwen3-0.6b on CUDA, fp32 and fp16; the PyTorch baseline (torch_baseline.py); a summary.
#
# Usage: tools/gpu/run-on-gpu.sh [--results DIR] [--runs N] [--tokens 16,64,256,1024] [--skip STEP,...]
#   --results DIR   where logs and JSON go (default: $OUT/gpu-results when OUT is set, else build/gpu-results)
#   --skip STEP     any of env-check,golden,bench,baseline (for a rerun of the rest)
# Exit status: 0 when every step passed, 1 otherwise (see summary.md in the results folder).
set -uo pipefail

DJL_VERSION=0.35.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
results="${OUT:+$OUT/gpu-results}"
results="${results:-$root/build/gpu-results}"
runs=20
tokens=16,64,256,1024
skip=","

while [[ $# -gt 0 ]]; do
  case "$1" in
    --results) results="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --tokens) tokens="$2"; shift 2 ;;
    --skip) skip=",$2,"; shift 2 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-on-gpu.sh: unknown option \"$1\". Run tools/gpu/run-on-gpu.sh --help for usage." >&2; exit 2 ;;
  esac
done

fail() {
  echo "run-on-gpu.sh: $*" | tee -a "$results/run.log" >&2
  exit 1
}

mkdir -p "$results"
: > "$results/run.log"
log() { echo "run-on-gpu.sh: $*" | tee -a "$results/run.log"; }

archive="$root/build/gpu-kit/coordinator-gpu-kit.tar.xz"
[[ -f "$archive" ]] || fail "no kit at $archive. Run tools/gpu/package.sh --djl-src DIR on a machine with a JDK and send build/gpu-kit with the working tree (docs/gpu.md)."
command -v python3 >/dev/null || fail "python3 is not on PATH; this machine needs Python with PyTorch."
command -v cmake >/dev/null || fail "cmake is not on PATH; the JNI build needs CMake and a C++ compiler."

# --- 1. Unpack ---------------------------------------------------------------------------------------------------------
run="$root/build/gpu-run"
kit="$run/kit"
rm -rf "$kit"
mkdir -p "$kit"
log "unpacking $archive"
xz -dc "$archive" | tar -C "$kit" -xf - || fail "cannot unpack $archive. Run package.sh again and resend it."
java="$kit/jre/bin/java"
"$java" -version >"$results/java-version.txt" 2>&1 || fail "the kit's Java runtime does not start ($(head -1 "$results/java-version.txt")). Rebuild the kit on x86_64 Linux."

# --- 2. This machine's PyTorch -----------------------------------------------------------------------------------------
read -r torch_dir torch_version cuda_version cmake_prefix < <(python3 - <<'PY'
import os, torch
print(os.path.dirname(torch.__file__), torch.__version__.split("+")[0], torch.version.cuda or "none",
      torch.utils.cmake_prefix_path)
PY
) 2>"$results/torch-import.txt" || fail "python3 cannot import torch. Run this on the GPU machine, whose Python has PyTorch with CUDA."
[[ "$cuda_version" != none ]] || fail "this machine's PyTorch $torch_version is a CPU-only build; the CUDA checks need a CUDA PyTorch."
flavor="cu${cuda_version//./}"
log "PyTorch $torch_version (CUDA $cuda_version, flavor $flavor) in $torch_dir"
python3 -c 'import torch; print(torch.cuda.get_device_name(0), torch.cuda.get_device_capability(0))' \
  >"$results/torch-device.txt" 2>&1 || log "warning: PyTorch itself sees no GPU ($(tail -1 "$results/torch-device.txt"))"

# --- 3. Build DJL's PyTorch JNI against it -----------------------------------------------------------------------------
native="$kit/djl-src/engines/pytorch/pytorch-native"
jni_build="$run/jni-build"
jvm_lib="$kit/jre/lib/server/libjvm.so"
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
log "building libdjl_torch.so (log: $results/jni-build.log)"
rm -rf "$jni_build"
{
  # USE_CUDA compiles DJL's CUDA code paths (as DJL's build.sh does for cu* flavors). FindJNI gets the kit's JNI headers
  # and the kit runtime's libjvm.so, since this machine has no JDK.
  cmake -S "$native" -B "$jni_build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$cmake_prefix" -DUSE_CUDA=1 \
    -DJAVA_INCLUDE_PATH="$kit/jni-include" -DJAVA_INCLUDE_PATH2="$kit/jni-include/linux" \
    -DJAVA_AWT_INCLUDE_PATH=NotNeeded -DJAVA_AWT_LIBRARY=NotNeeded -DJAVA_JVM_LIBRARY="$jvm_lib" \
  && cmake --build "$jni_build" --config Release -j "$(nproc)"
} >"$results/jni-build.log" 2>&1 || fail "building libdjl_torch.so failed; the end of $results/jni-build.log says why: $(grep -m1 -i 'error' "$results/jni-build.log")"
jni_lib="$jni_build/libdjl_torch.so"
[[ -f "$jni_lib" ]] || fail "the JNI build finished without $jni_lib; see $results/jni-build.log."

export ENGINE_CACHE_DIR="$run/djl-cache"
jni_dir="$ENGINE_CACHE_DIR/pytorch/$torch_version-$flavor-linux-x86_64"
mkdir -p "$jni_dir"
cp "$jni_lib" "$jni_dir/$DJL_VERSION-libdjl_torch.so"
log "placed $jni_dir/$DJL_VERSION-libdjl_torch.so"

# --- 4. Environment for DJL --------------------------------------------------------------------------------------------
export PYTORCH_LIBRARY_PATH="$torch_dir/lib" PYTORCH_VERSION="$torch_version" PYTORCH_FLAVOR="$flavor"
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
# DJL counts GPUs through the CUDA runtime (JNA loads "cudart"); pip's PyTorch ships only libcudart.so.<major>, so give
# it an unversioned name on the library path.
cudart="$(python3 - <<'PY'
import glob, os, torch
site = os.path.dirname(os.path.dirname(torch.__file__))
hits = sorted(glob.glob(os.path.join(site, "nvidia", "*", "lib", "libcudart.so*"))
              + glob.glob(os.path.join(site, "nvidia", "cuda_runtime", "lib", "libcudart.so*"))
              + glob.glob("/usr/local/cuda/lib64/libcudart.so*"))
print(hits[0] if hits else "")
PY
)"
link_dir="$run/cuda-link"
mkdir -p "$link_dir"
if [[ -n "$cudart" ]]; then
  ln -sf "$cudart" "$link_dir/libcudart.so"
  export LD_LIBRARY_PATH="$link_dir:$(dirname "$cudart")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  log "CUDA runtime for DJL's GPU count: $cudart"
else
  log "warning: no libcudart.so* found next to PyTorch or in /usr/local/cuda; DJL may report 0 GPUs"
fi
{
  echo "PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH"
  echo "PYTORCH_VERSION=$PYTORCH_VERSION PYTORCH_FLAVOR=$PYTORCH_FLAVOR ENGINE_CACHE_DIR=$ENGINE_CACHE_DIR"
  echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
} >"$results/environment.txt"

coordinator() {
  "$java" -Xmx8g -Dai.djl.offline=true -Djna.library.path="$link_dir" -Dtrinity.root="$root" \
    -cp "$kit/lib/*" dev.trinity.coordinator.cli.CoordinatorCli "$@"
}

# --- 5. The checks -----------------------------------------------------------------------------------------------------
status=0
declare -a summary
step() {
  local name="$1"
  shift
  if [[ "$skip" == *",$name,"* ]]; then
    summary+=("| $name | skipped |")
    return
  fi
  log "step $name"
  if "$@"; then
    summary+=("| $name | passed |")
  else
    summary+=("| $name | FAILED (see $name*.txt / .log) |")
    status=1
  fi
}

env_check() {
  coordinator env-check --require cuda --model-dir "$root/priv/qwen3-tiny" >"$results/env-check.txt" 2>&1
  local rc=$?
  cat "$results/env-check.txt"
  return $rc
}

golden() {
  local rc=0 dtype
  for dtype in fp32 fp16; do
    python3 "$root/tools/gpu/compare_golden.py" --golden "$root/coordinator-cuda/src/test/resources/qwen3-tiny/golden.json" \
      --model-dir "$root/priv/qwen3-tiny" --dtype "$dtype" --json "$results/golden-$dtype.json" \
      -- "$java" -Xmx4g -Dai.djl.offline=true -Djna.library.path="$link_dir" -cp "$kit/lib/*" \
      dev.trinity.coordinator.cli.CoordinatorCli >"$results/golden-$dtype.txt" 2>&1 || rc=1
    tail -3 "$results/golden-$dtype.txt"
  done
  return $rc
}

# Route decisions of the tiny SVF router on CUDA (fp32 and fp16) against its CPU snapshot: the 37 conversations'
# agent, role, token count and transcript hash must match (margin floors off: fp16 moves logits, not decisions).
routes() {
  local rc=0 dtype
  for dtype in fp32 fp16; do
    coordinator prompt-eval --device cuda --dtype "$dtype" --cases "$root/examples/fixtures/tiny_prompt_eval_cases.json" \
      --snapshot "$root/examples/fixtures/tiny_prompt_eval_snapshot.json" --determinism-runs 2 \
      --min-agent-margin none --min-role-margin none >"$results/routes-$dtype.txt" 2>&1 || rc=1
    tail -3 "$results/routes-$dtype.txt"
  done
  return $rc
}

bench() {
  local rc=0 dtype
  for dtype in fp32 fp16; do
    coordinator bench --shape qwen3-0.6b --device cuda --dtype "$dtype" --tokens "$tokens" --runs "$runs" \
      --mode all --batch 1,8,32 \
      --warmup 5 --json >"$results/bench-$dtype.json" 2>"$results/bench-$dtype.log" || rc=1
    tail -c 2000 "$results/bench-$dtype.json"
  done
  return $rc
}

baseline() {
  python3 "$root/tools/gpu/torch_baseline.py" --tokens "$tokens" --runs "$runs" --warmup 5 \
    --json "$results/torch-baseline.json" >"$results/torch-baseline.txt" 2>&1
  local rc=$?
  cat "$results/torch-baseline.txt"
  return $rc
}

step env-check env_check
step golden golden
step routes routes
step bench bench
step baseline baseline

{
  echo "# GPU run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "PyTorch $torch_version, CUDA $cuda_version ($flavor); GPU: $(head -1 "$results/torch-device.txt")"
  echo
  echo "| step | result |"
  echo "| --- | --- |"
  printf '%s\n' "${summary[@]}"
  echo
  python3 "$root/tools/gpu/summarize.py" "$results" 2>&1
} >"$results/summary.md"
cat "$results/summary.md"
exit $status
