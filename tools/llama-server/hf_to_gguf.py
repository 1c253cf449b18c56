#!/usr/bin/env python3
"""Converts a small Hugging Face Qwen3 checkpoint (config.json, model.safetensors, tokenizer.json,
tokenizer_config.json) to an F32 GGUF file that llama.cpp loads.

Needs only numpy and gguf-py (Debian: python3-numpy, python3-gguf); no torch or transformers. It follows
llama.cpp's convert_hf_to_gguf.py for Qwen3 (a script Debian does not package): the same hyperparameter
keys, tensor names (gguf's own name map), "gpt2" BPE vocabulary with the "qwen2" pre-tokenizer, merges,
special token ids and the chat template.

Usage: hf_to_gguf.py MODEL_DIR OUT.gguf
"""
import json
import struct
import sys
from pathlib import Path

import gguf
import numpy as np


def read_safetensors(path):
    """Tensor name -> float32 array (BF16, F16 and F32 checkpoints)."""
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + size])
    header.pop("__metadata__", None)
    base = 8 + size
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = data[base + begin:base + end]
        if info["dtype"] == "BF16":
            array = (np.frombuffer(raw, np.uint16).astype(np.uint32) << 16).view(np.float32)
        else:
            array = np.frombuffer(raw, {"F16": np.float16, "F32": np.float32}[info["dtype"]]).astype(np.float32)
        tensors[name] = array.reshape(info["shape"])
    return tensors


def main(model_dir, out):
    model_dir = Path(model_dir)
    config = json.loads((model_dir / "config.json").read_text())
    assert config["model_type"] == "qwen3", "only Qwen3 checkpoints"
    writer = gguf.GGUFWriter(out, gguf.MODEL_ARCH_NAMES[gguf.MODEL_ARCH.QWEN3])

    writer.add_name(model_dir.name)
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_head_count_kv(config["num_key_value_heads"])
    writer.add_key_length(config["head_dim"])
    writer.add_value_length(config["head_dim"])
    writer.add_rope_freq_base(config["rope_theta"])
    writer.add_layer_norm_rms_eps(config["rms_norm_eps"])
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)

    # Vocabulary: ids 0..vocab_size-1; added tokens are control (special) or user-defined; holes are padding.
    tokenizer = json.loads((model_dir / "tokenizer.json").read_text())
    by_id = {i: (t, gguf.TokenType.NORMAL) for t, i in tokenizer["model"]["vocab"].items()}
    for added in tokenizer.get("added_tokens", []):
        kind = gguf.TokenType.CONTROL if added["special"] else gguf.TokenType.USER_DEFINED
        by_id[added["id"]] = (added["content"], kind)
    n_vocab = max(config["vocab_size"], max(by_id) + 1)
    tokens = [by_id.get(i, (f"[PAD{i}]", gguf.TokenType.UNUSED)) for i in range(n_vocab)]
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list([t for t, _ in tokens])
    writer.add_token_types([k for _, k in tokens])
    gguf.SpecialVocab(model_dir, load_merges=True, n_vocab=n_vocab).add_to_gguf(writer)

    names = gguf.get_tensor_name_map(gguf.MODEL_ARCH.QWEN3, config["num_hidden_layers"])
    for name, array in read_safetensors(model_dir / "model.safetensors").items():
        if name == "lm_head.weight" and config.get("tie_word_embeddings"):
            continue
        mapped = names.get_name(name, try_suffixes=(".weight", ".bias"))
        if mapped is None:
            sys.exit(f"no GGUF name for tensor {name}")
        writer.add_tensor(mapped, array)

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    print(f"wrote {out}: {n_vocab} tokens, {len(writer.tensors[0])} tensors")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
