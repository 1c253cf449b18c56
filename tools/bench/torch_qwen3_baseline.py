#!/usr/bin/env python3
"""A plain-PyTorch Qwen3 prefill, as the side-by-side baseline for `coordinator bench` on CPU.

Hugging Face transformers cannot be installed on the build machines (no PyPI), but Debian's python3-torch
can. This script computes the same maths as transformers' eager Qwen3 (embedding, RMSNorm, q/k/v, per-head
q/k norm, rotate-half RoPE, causal GQA attention, o_proj, SwiGLU, final norm) with plain torch ops, and
proves it on the tiny fixture first (--check-tiny compares every hidden state with the transformers golden
file). Then it times full prefills (every position, last_hidden_state, like transformers' base model) of the
real Qwen3-0.6B shape with random weights.

    apt-get install python3-torch libopenblas0-pthread   # OpenBLAS, not the reference BLAS
    /usr/bin/python3 tools/bench/torch_qwen3_baseline.py --check-tiny
    /usr/bin/python3 tools/bench/torch_qwen3_baseline.py --tokens 16,64,256 --runs 10 --threads 2
    /usr/bin/python3 tools/bench/torch_qwen3_baseline.py --turns turns.json   # `coordinator bench --mode turns --json`

With --turns it times, for every turn of a coordinator run measured by `coordinator bench --mode turns`, what
transformers (and the reference) do at every turn: a full prefill of the whole transcript so far.
"""
import argparse
import json
import math
import os
import resource
import statistics
import struct
import sys
import time

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Config:
    def __init__(self, d):
        self.vocab = d["vocab_size"]
        self.hidden = d["hidden_size"]
        self.inter = d["intermediate_size"]
        self.layers = d["num_hidden_layers"]
        self.heads = d["num_attention_heads"]
        self.kv_heads = d.get("num_key_value_heads", self.heads)
        self.head_dim = d.get("head_dim") or self.hidden // self.heads
        self.eps = d.get("rms_norm_eps", 1e-6)
        self.theta = d.get("rope_theta", 1e6)


QWEN3_06B = {"vocab_size": 151936, "hidden_size": 1024, "intermediate_size": 3072, "num_hidden_layers": 28,
             "num_attention_heads": 16, "num_key_value_heads": 8, "head_dim": 128, "rms_norm_eps": 1e-6,
             "rope_theta": 1000000}


def read_safetensors(path):
    """Reads a safetensors file into float32 tensors (BF16 upcast by bits << 16)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        raw = np.frombuffer(data[a:b], dtype={"BF16": np.uint16, "F32": np.float32}[meta["dtype"]])
        if meta["dtype"] == "BF16":
            raw = (raw.astype(np.uint32) << 16).view(np.float32)
        out[name] = torch.from_numpy(raw.copy()).reshape(meta["shape"])
    return out


def random_weights(cfg, seed=0):
    g = torch.Generator().manual_seed(seed)

    def lin(o, i):
        return torch.randn(o, i, generator=g) * 0.02

    def norm(n):
        return 1 + 0.1 * torch.randn(n, generator=g)

    w = {"model.embed_tokens.weight": lin(cfg.vocab, cfg.hidden), "model.norm.weight": norm(cfg.hidden)}
    for l in range(cfg.layers):
        p = f"model.layers.{l}."
        w[p + "input_layernorm.weight"] = norm(cfg.hidden)
        w[p + "post_attention_layernorm.weight"] = norm(cfg.hidden)
        w[p + "self_attn.q_proj.weight"] = lin(cfg.heads * cfg.head_dim, cfg.hidden)
        w[p + "self_attn.k_proj.weight"] = lin(cfg.kv_heads * cfg.head_dim, cfg.hidden)
        w[p + "self_attn.v_proj.weight"] = lin(cfg.kv_heads * cfg.head_dim, cfg.hidden)
        w[p + "self_attn.o_proj.weight"] = lin(cfg.hidden, cfg.heads * cfg.head_dim)
        w[p + "self_attn.q_norm.weight"] = norm(cfg.head_dim)
        w[p + "self_attn.k_norm.weight"] = norm(cfg.head_dim)
        w[p + "mlp.gate_proj.weight"] = lin(cfg.inter, cfg.hidden)
        w[p + "mlp.up_proj.weight"] = lin(cfg.inter, cfg.hidden)
        w[p + "mlp.down_proj.weight"] = lin(cfg.hidden, cfg.inter)
    return w


def rms_norm(x, weight, eps):
    variance = x.pow(2).mean(-1, keepdim=True)
    return weight * (x * torch.rsqrt(variance + eps))


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def forward(cfg, w, ids, collect=None):
    """Returns last_hidden_state (n, hidden); with collect, appends every hidden_states entry."""
    n = len(ids)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    if collect is not None:
        collect.append(x)
    inv_freq = 1.0 / (cfg.theta ** (torch.arange(0, cfg.head_dim, 2, dtype=torch.int64).float() / cfg.head_dim))
    freqs = torch.arange(n).float()[:, None] * inv_freq[None, :]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos(), emb.sin()
    mask = torch.full((n, n), float("-inf")).triu(1)
    group = cfg.heads // cfg.kv_heads
    for l in range(cfg.layers):
        p = f"model.layers.{l}."
        h = rms_norm(x, w[p + "input_layernorm.weight"], cfg.eps)
        q = (h @ w[p + "self_attn.q_proj.weight"].T).view(n, cfg.heads, cfg.head_dim).transpose(0, 1)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).view(n, cfg.kv_heads, cfg.head_dim).transpose(0, 1)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(n, cfg.kv_heads, cfg.head_dim).transpose(0, 1)
        q = rms_norm(q, w[p + "self_attn.q_norm.weight"], cfg.eps)
        k = rms_norm(k, w[p + "self_attn.k_norm.weight"], cfg.eps)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(group, dim=0)
        v = v.repeat_interleave(group, dim=0)
        scores = (q @ k.transpose(1, 2)) / math.sqrt(cfg.head_dim) + mask
        attn = torch.softmax(scores, dim=-1) @ v
        x = x + attn.transpose(0, 1).reshape(n, -1) @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], cfg.eps)
        gate = h @ w[p + "mlp.gate_proj.weight"].T
        up = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(gate) * up) @ w[p + "mlp.down_proj.weight"].T
        if collect is not None and l < cfg.layers - 1:
            collect.append(x)
    out = rms_norm(x, w["model.norm.weight"], cfg.eps)
    if collect is not None:
        collect.append(out)
    return out


def check_tiny():
    tiny = os.path.join(ROOT, "priv", "qwen3-tiny")
    cfg = Config(json.load(open(os.path.join(tiny, "config.json"))))
    w = read_safetensors(os.path.join(tiny, "model.safetensors"))
    golden = json.load(open(os.path.join(ROOT, "coordinator-cuda/src/test/resources/qwen3-tiny/golden.json")))
    worst = 0.0
    with torch.inference_mode():
        for case in golden["cases"]:
            states = []
            forward(cfg, w, case["input_ids"], states)
            for entry in case["float32"]["hidden_states"]:
                for which in ("penultimate", "last"):
                    pos = case["positions"][which]
                    got = states[entry["index"]][pos]
                    want = torch.tensor([float(v) for v in entry[which]])
                    worst = max(worst, (got - want).abs().max().item())
    print(json.dumps({"check": "tiny golden", "max_abs": worst, "ok": worst <= 1e-4}))
    return worst <= 1e-4


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check-tiny", action="store_true", help="compare with the transformers golden states")
    ap.add_argument("--tokens", default="16,64,256")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--turns", help="a `coordinator bench --mode turns --json` report: time its turns' lengths")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if args.check_tiny:
        sys.exit(0 if check_tiny() else 1)
    cfg = Config(QWEN3_06B)
    start = time.perf_counter()
    w = random_weights(cfg)
    setup = time.perf_counter() - start
    rows = []
    gen = torch.Generator().manual_seed(7)
    lengths = [int(t) for t in args.tokens.split(",")]
    if args.turns:
        lengths = [turn["tokens"] for turn in json.load(open(args.turns))["turns"]]
    with torch.inference_mode():
        for n in lengths:
            ids = torch.randint(0, 151643, (n,), generator=gen).tolist()
            samples = []
            for i in range(args.warmup + args.runs):
                t = time.perf_counter()
                forward(cfg, w, ids)
                if i >= args.warmup:
                    samples.append((time.perf_counter() - t) * 1000)
            samples.sort()
            rows.append({"tokens": n, "median_ms": statistics.median(samples), "min_ms": samples[0],
                         "max_ms": samples[-1], "runs": args.runs})
            print(json.dumps(rows[-1]), flush=True)
    report = {"baseline": "plain PyTorch eager Qwen3 (full prefill)", "torch": torch.__version__,
              "threads": torch.get_num_threads(), "setup_s": setup, "results": rows,
              "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if args.turns:
        report["total_full_ms"] = sum(r["median_ms"] for r in rows)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
