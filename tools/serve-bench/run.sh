#!/usr/bin/env bash
# Route throughput of `coordinator serve` with wrk (Debian's package) on loopback: 1, 8 and 32 connections,
# batching off (--max-batch 1) and on (--max-batch 32 --batch-wait-ms 2), the same 37 prompt-eval transcripts
# round robin, prefix cache off so that every request runs its forward. Not part of the build or the tests.
#
#   tools/serve-bench/run.sh tiny [SECONDS]          # the bundled tiny router
#   tools/serve-bench/run.sh random-0.6b [SECONDS]   # random Qwen3-0.6B-shaped weights + Sakana's router vector
#   CLIENTS="1 8" tools/serve-bench/run.sh ...       # other connection counts
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
which="${1:-tiny}"
seconds="${2:-10}"
work="$(mktemp -d)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
command -v wrk >/dev/null || { echo "run.sh: needs wrk (apt-get install wrk)" >&2; exit 2; }

python3 - "$root/examples/fixtures/qwen_router_prompt_eval_cases.json" > "$work/bodies.jsonl" <<'PY'
import json, sys
for case in json.load(open(sys.argv[1]))["cases"]:
    print(json.dumps({"messages": case["messages"]}))
PY

model=()
if [[ "$which" == random-0.6b ]]; then
  "$root/coordinator" bench --shape qwen3-0.6b --write-model "$work/model" >/dev/null
  cp "$root/priv/qwen3-tiny/tokenizer.json" "$root/priv/qwen3-tiny/tokenizer_config.json" "$work/model/"
  model=(--model-dir "$work/model")
fi

echo "serve bench: $which, $(nproc) cores, ${seconds} s per cell, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for batch in 1 32; do
  out="$work/out-$batch.txt"
  "$root/coordinator" serve --port 0 --max-batch "$batch" --batch-wait-ms 2 --prefix-cache-mb 0 \
      --threads 2 --train-dir "$work/training" "${model[@]}" > "$out" 2> "$work/err.txt" &
  server=$!
  until grep -q "listening on" "$out" 2>/dev/null; do
    kill -0 "$server" 2>/dev/null || { cat "$work/err.txt" >&2; exit 1; }
    sleep 0.5
  done
  url="$(grep -o 'http://[0-9.:]*' "$out")"
  BODIES="$work/bodies.jsonl" wrk -t1 -c2 -d3s -s "$root/tools/serve-bench/route.lua" "$url" > /dev/null  # warm-up
  for clients in ${CLIENTS:-1 8 32}; do
    threads=$(( clients < 2 ? 1 : 2 ))
    printf 'batching %-3s (max-batch %2d), %2d clients: ' "$([[ $batch == 1 ]] && echo off || echo on)" "$batch" "$clients"
    BODIES="$work/bodies.jsonl" wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 60s \
        -s "$root/tools/serve-bench/route.lua" "$url" | tail -1
  done
  kill -TERM "$server"; wait "$server" || true
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
