#!/usr/bin/env bash
# Side-by-side CPU prefill benchmark at the real Qwen3-0.6B shape, in one run:
#   1. the plain-PyTorch baseline (tools/bench/torch_qwen3_baseline.py; Debian python3-torch + OpenBLAS),
#   2. coordinator bench with the launcher's MKL setting for this CPU,
#   3. coordinator bench with MKL's dispatch left alone (TRINITY_MKL_INTEL=0).
# Usage: tools/bench/compare-cpu.sh [TOKENS] [RUNS] [THREADS]     (defaults: 16,64,256 10 2)
# Needs: apt-get install python3-torch libopenblas0-pthread
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tokens="${1:-16,64,256}" runs="${2:-10}" threads="${3:-2}"
model="${TRINITY_BENCH_MODEL:-/tmp/qwen3-0.6b-shape}"
out="${TRINITY_BENCH_OUT:-$root/build/bench}"
mkdir -p "$out"
if [[ ! -f "$model/model.safetensors" ]]; then
  "$root/coordinator" bench --shape qwen3-0.6b --write-model "$model" >&2
fi
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-) | flags: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^avx(2|512f)$' | tr '\n' ' ')"
/usr/bin/python3 "$root/tools/bench/torch_qwen3_baseline.py" --check-tiny
/usr/bin/python3 "$root/tools/bench/torch_qwen3_baseline.py" --tokens "$tokens" --runs "$runs" --threads "$threads" \
  | tail -1 > "$out/torch.json"
"$root/coordinator" bench --model-dir "$model" --tokens "$tokens" --runs "$runs" --threads "$threads" --mode both \
  --json 2>/dev/null > "$out/coordinator.json"
TRINITY_MKL_INTEL=0 "$root/coordinator" bench --model-dir "$model" --tokens "$tokens" --runs "$runs" \
  --threads "$threads" --mode router --json 2>/dev/null > "$out/coordinator-mkl-default.json"
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
torch = {r["tokens"]: r["median_ms"] for r in json.load(open(os.path.join(out, "torch.json")))["results"]}
ours = json.load(open(os.path.join(out, "coordinator.json")))
plain = json.load(open(os.path.join(out, "coordinator-mkl-default.json")))
plain_ms = {r["tokens"]: r["median_ms"] for r in plain["results"]}
print(f"coordinator: load {ours['load_seconds']:.2f} s, peak RSS {ours['peak_rss_mb']:.0f} MB, {ours['threads']} threads")
print("| tokens | PyTorch full (ms) | ours full (ms) | ratio | ours router (ms) | ratio | router, MKL default (ms) |")
print("| --- | --- | --- | --- | --- | --- | --- |")
by = {}
for r in ours["results"]:
    by.setdefault(r["tokens"], {})[r["mode"]] = r["median_ms"]
for n in sorted(by):
    full, router, t = by[n]["full"], by[n]["router"], torch[n]
    print(f"| {n} | {t:.0f} | {full:.0f} | {full / t:.2f} | {router:.0f} | {router / t:.2f} | {plain_ms[n]:.0f} |")
PY
