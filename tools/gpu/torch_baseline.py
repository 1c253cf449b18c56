#!/usr/bin/env python3
"""PyTorch baseline for `coordinator bench --shape qwen3-0.6b`: Hugging Face transformers' Qwen3 base model (no LM
head, as the router needs none) built from a config of the real Qwen3-0.6B shape with random weights, one prefill of
N random token ids, FP32 and FP16, median of --runs timed runs after --warmup untimed ones. Timing brackets each
forward with torch.cuda.synchronize(). Prints one line per (dtype, tokens) and writes --json.

Usage: torch_baseline.py [--tokens 16,64,256,1024] [--runs 20] [--warmup 5] [--dtypes fp32,fp16] [--json OUT]
"""
import argparse
import json
import statistics
import sys
import time

import torch
import transformers
from transformers import Qwen3Config, Qwen3Model

# The real Qwen3-0.6B shape (Qwen/Qwen3-0.6B config.json), as Qwen3Config.qwen3_0_6b() in the Java code.
SHAPE = dict(vocab_size=151936, hidden_size=1024, intermediate_size=3072, num_hidden_layers=28,
             num_attention_heads=16, num_key_value_heads=8, head_dim=128, rms_norm_eps=1e-6, rope_theta=1_000_000.0,
             tie_word_embeddings=True, max_position_embeddings=40960, hidden_act="silu", attention_bias=False)
DTYPES = {"fp32": torch.float32, "fp16": torch.float16}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", default="16,64,256,1024")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--dtypes", default="fp32,fp16")
    parser.add_argument("--json")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("torch_baseline.py: PyTorch sees no CUDA GPU; run this on the GPU machine", file=sys.stderr)
        return 1
    device = torch.device("cuda:0")
    lengths = [int(n) for n in args.tokens.split(",")]
    report = {"torch": torch.__version__, "transformers": transformers.__version__, "cuda": torch.version.cuda,
              "gpu": torch.cuda.get_device_name(0), "runs": args.runs, "warmup": args.warmup, "results": []}
    for name in args.dtypes.split(","):
        torch.manual_seed(42)
        config = Qwen3Config(**SHAPE)
        model = Qwen3Model(config).to(device=device, dtype=DTYPES[name]).eval()
        generator = torch.Generator().manual_seed(7)
        for n in lengths:
            ids = torch.randint(0, 151643, (1, n), generator=generator).to(device)
            samples = []
            with torch.inference_mode():
                for i in range(args.warmup + args.runs):
                    torch.cuda.synchronize()
                    start = time.perf_counter()
                    model(input_ids=ids, use_cache=False)
                    torch.cuda.synchronize()
                    if i >= args.warmup:
                        samples.append((time.perf_counter() - start) * 1000)
            row = {"dtype": name, "tokens": n, "median_ms": statistics.median(samples), "min_ms": min(samples),
                   "max_ms": max(samples)}
            report["results"].append(row)
            print("torch %-4s tokens=%-5d median=%8.2f ms  min=%8.2f  max=%8.2f"
                  % (name, n, row["median_ms"], row["min_ms"], row["max_ms"]), flush=True)
        del model
        torch.cuda.empty_cache()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
