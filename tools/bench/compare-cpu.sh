#!/usr/bin/env bash
# Side-by-side CPU benchmark at the real Qwen3-0.6B shape, in one run:
#   1. the plain-PyTorch baseline (tools/bench/torch_qwen3_baseline.py; Debian python3-torch + OpenBLAS), checked
#      against the transformers golden states first,
#   2. coordinator bench (router path and full prefill) with the library's MKL dispatch,
#   3. coordinator bench with MKL's dispatch left alone (TRINITY_MKL_INTEL=0),
#   4. with TURNS=1: a coordinator run's routes (bench --mode turns: full prefill vs prefix cache per turn), and
#      PyTorch re-prefilling every turn as transformers and the reference do.
# Usage: [TURNS=1] [WARMUP=N] tools/bench/compare-cpu.sh [TOKENS] [RUNS] [THREADS]   (defaults: 16,64,256 10 2;
#        WARMUP untimed runs per length, default 2; use 0 for long lengths)
# Needs: apt-get install python3-torch libopenblas0-pthread
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tokens="${1:-16,64,256}" runs="${2:-10}" threads="${3:-2}" warmup="${WARMUP:-2}"
model="${TRINITY_BENCH_MODEL:-/tmp/qwen3-0.6b-shape}"
out="${TRINITY_BENCH_OUT:-$root/build/bench}"
mkdir -p "$out"
if [[ ! -f "$model/model.safetensors" ]]; then
  "$root/coordinator" bench --shape qwen3-0.6b --write-model "$model" >&2
fi
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-) | flags: $(grep -m1 flags /proc/cpuinfo | tr ' ' '\n' | grep -E '^avx(2|512f)$' | tr '\n' ' ')"
/usr/bin/python3 "$root/tools/bench/torch_qwen3_baseline.py" --check-tiny
/usr/bin/python3 "$root/tools/bench/torch_qwen3_baseline.py" --tokens "$tokens" --runs "$runs" --warmup "$warmup" \
  --threads "$threads" | tail -1 > "$out/torch.json"
"$root/coordinator" bench --model-dir "$model" --tokens "$tokens" --runs "$runs" --warmup "$warmup" \
  --threads "$threads" --mode both --json 2>/dev/null > "$out/coordinator.json"
TRINITY_MKL_INTEL=0 "$root/coordinator" bench --model-dir "$model" --tokens "$tokens" --runs "$runs" \
  --warmup "$warmup" --threads "$threads" --mode router --json 2>/dev/null > "$out/coordinator-mkl-default.json"
if [[ "${TURNS:-0}" == 1 ]]; then
  "$root/coordinator" bench --model-dir "$model" --mode turns --threads "$threads" --json 2>/dev/null \
    > "$out/turns.json"
  /usr/bin/python3 "$root/tools/bench/torch_qwen3_baseline.py" --turns "$out/turns.json" --runs 1 --warmup 0 \
    --threads "$threads" | tail -1 > "$out/torch-turns.json"
fi
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
load = lambda name: json.load(open(os.path.join(out, name)))
torch = load("torch.json")
torch_ms = {r["tokens"]: r["median_ms"] for r in torch["results"]}
ours = load("coordinator.json")
plain_ms = {r["tokens"]: r["median_ms"] for r in load("coordinator-mkl-default.json")["results"]}
print(f"coordinator: load {ours['load_seconds']:.2f} s, peak RSS {ours['peak_rss_mb']:.0f} MB, {ours['threads']} threads;"
      f" PyTorch peak RSS {torch['peak_rss_mb']:.0f} MB")
print("| tokens | PyTorch full (ms) | ours full (ms) | ratio | ours router (ms) | ratio | router, MKL default (ms) |")
print("| --- | --- | --- | --- | --- | --- | --- |")
by = {}
for r in ours["results"]:
    by.setdefault(r["tokens"], {})[r["mode"]] = r["median_ms"]
for n in sorted(by):
    full, router, t = by[n]["full"], by[n]["router"], torch_ms[n]
    print(f"| {n} | {t:.0f} | {full:.0f} | {full / t:.2f} | {router:.0f} | {router / t:.2f} | {plain_ms[n]:.0f} |")
if os.path.exists(os.path.join(out, "turns.json")):
    turns = load("turns.json")
    pt = load("torch-turns.json")
    print()
    print("| turn | tokens | new tokens | ours full (ms) | ours cached (ms) | new only (ms) | PyTorch full (ms) | max abs diff |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for t, p in zip(turns["turns"], pt["results"]):
        print(f"| {t['turn']} | {t['tokens']} | {t['new_tokens']} | {t['full_ms']:.0f} | {t['cached_ms']:.0f} | "
              f"{t['new_only_ms']:.0f} | {p['median_ms']:.0f} | {t['max_abs_diff']:.1e} |")
    full, cached, final = turns["total_full_ms"], turns["total_cached_ms"], turns["final_full_ms"]
    print(f"totals: ours full {full:.0f} ms, ours cached {cached:.0f} ms ({full / cached:.2f}x less; "
          f"{cached / final:.2f}x one full prefill of the final transcript), PyTorch {pt['total_full_ms']:.0f} ms; "
          f"peak RSS ours {turns['peak_rss_mb']:.0f} MB (cache {turns['prefix_cache']['capacity_mb']:.0f} MB), "
          f"PyTorch {pt['peak_rss_mb']:.0f} MB")
PY
