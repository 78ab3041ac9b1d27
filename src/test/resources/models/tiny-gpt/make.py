#!/usr/bin/python3
"""Makes Laurel's test decoder: a small GPT (byte-level, 3 layers, d_model 96) trained briefly on the
repository's README, exported to ONNX twice from the same weights:

  cached/model.onnx  Hugging Face Optimum's decoder layout: input_ids, attention_mask, position_ids and
                     past_key_values.{i}.key/value (batch, heads, past, head) in; logits and
                     present.{i}.key/value (past + new positions) out. A past of length 0 is a prefill.
  plain/model.onnx   input_ids, attention_mask, position_ids in; logits out (no cache).

Both directories get the same tokenizer.json (bytes 0-255 are ids 0-255; <eos> 256, <pad> 257) and a
manifest.json. Deterministic (seeded, one thread). Debian's python3-torch (1.13) and python3-onnx:
  apt-get install -y python3-torch python3-onnx && /usr/bin/python3 make.py   (about 10 CPU minutes; loss 5.7 -> 2.3)
"""
import json
import math
import os
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(HERE, "..", "..", "..", "..", "..", "README.md")
EOS, PAD, VOCAB = 256, 257, 258
LAYERS, HEADS, D_MODEL, POSITIONS = 3, 4, 96, 512
HEAD = D_MODEL // HEADS
STEPS, BATCH, WINDOW = 600, 16, 128


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1 = nn.LayerNorm(D_MODEL)
        self.qkv = nn.Linear(D_MODEL, 3 * D_MODEL)
        self.proj = nn.Linear(D_MODEL, D_MODEL)
        self.ln2 = nn.LayerNorm(D_MODEL)
        self.mlp = nn.Sequential(nn.Linear(D_MODEL, 4 * D_MODEL), nn.GELU(), nn.Linear(4 * D_MODEL, D_MODEL))

    def forward(self, x, bias, past_k=None, past_v=None):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(D_MODEL, dim=2)
        q, k, v = (z.view(b, t, HEADS, HEAD).transpose(1, 2) for z in (q, k, v))  # (b, heads, t, head)
        if past_k is not None:
            k = torch.cat([past_k, k], dim=2)
            v = torch.cat([past_v, v], dim=2)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(HEAD) + bias, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, D_MODEL)
        x = x + self.proj(y)
        return x + self.mlp(self.ln2(x)), k, v


class TinyGpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.tokens = nn.Embedding(VOCAB, D_MODEL)
        self.positions = nn.Embedding(POSITIONS, D_MODEL)
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln = nn.LayerNorm(D_MODEL)
        self.head = nn.Linear(D_MODEL, VOCAB, bias=False)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        t = input_ids.shape[1]
        p = past[0].shape[2] if past is not None else 0
        total = attention_mask.shape[1]  # p + t
        # query i sits at p + i: it sees keys up to itself that the mask keeps. A large negative rather
        # than -inf keeps all-padding rows finite (their outputs are never read).
        causal = torch.arange(total).unsqueeze(0) <= (torch.arange(t).unsqueeze(1) + p)
        keep = causal.unsqueeze(0) & (attention_mask.unsqueeze(1) > 0)
        bias = torch.where(keep, 0.0, -1e9).unsqueeze(1)  # (b, 1, t, total)
        x = self.tokens(input_ids) + self.positions(position_ids)
        present = []
        for i, block in enumerate(self.blocks):
            x, k, v = block(x, bias, *(past[2 * i:2 * i + 2] if past is not None else (None, None)))
            present += [k, v]
        return self.head(self.ln(x)), present


class Cached(nn.Module):
    def __init__(self, gpt):
        super().__init__()
        self.gpt = gpt

    def forward(self, input_ids, attention_mask, position_ids, *past):
        logits, present = self.gpt(input_ids, attention_mask, position_ids, list(past))
        return (logits, *present)


class Plain(nn.Module):
    def __init__(self, gpt):
        super().__init__()
        self.gpt = gpt

    def forward(self, input_ids, attention_mask, position_ids):
        return self.gpt(input_ids, attention_mask, position_ids)[0]


def train(gpt):
    with open(README, "rb") as f:
        lines = [line.strip() for line in f.read().split(b"\n") if line.strip()]
    stream = []
    for line in lines:
        stream += list(line) + [EOS]
    data = torch.tensor(stream)
    optimizer = torch.optim.AdamW(gpt.parameters(), lr=3e-3, weight_decay=0.01)
    positions = torch.arange(WINDOW).expand(BATCH, WINDOW)
    mask = torch.ones(BATCH, WINDOW, dtype=torch.long)
    for step in range(STEPS):
        starts = torch.randint(0, len(data) - WINDOW - 1, (BATCH,))
        x = torch.stack([data[s:s + WINDOW] for s in starts])
        y = torch.stack([data[s + 1:s + WINDOW + 1] for s in starts])
        for group in optimizer.param_groups:
            group["lr"] = 3e-3 * min(1.0, (step + 1) / 50) * (0.1 + 0.9 * (1 - step / STEPS))
        logits, _ = gpt(x, mask, positions)
        loss = F.cross_entropy(logits.reshape(-1, VOCAB), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0 or step == STEPS - 1:
            print(f"step {step} loss {loss.item():.3f}")


def tokenizer():
    # GPT-2's byte-to-unicode table, so that Hugging Face's ByteLevel pre-tokenizer maps byte b to id b
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    chars, extra = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + extra)
            extra += 1
    special = lambda i, s: {"id": i, "content": s, "single_word": False, "lstrip": False, "rstrip": False,
                            "normalized": False, "special": True}
    return {"version": "1.0", "truncation": None, "padding": None,
            "added_tokens": [special(EOS, "<eos>"), special(PAD, "<pad>")],
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
            "post_processor": None,
            "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False},
            "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                      "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                      "vocab": {chars[b]: b for b in range(256)}, "merges": []}}


def to_float32(path):
    """torch 1.13 types where(mask, 0.0, -1e9) as float64, which promoted attention to float64 in training and
    in the exported graph; the weights are float32, so the graph is made float32 throughout."""
    import onnx
    from onnx import numpy_helper, TensorProto
    model = onnx.load(path)
    graph = model.graph

    def fix(tensor):
        if tensor.data_type == TensorProto.DOUBLE:
            tensor.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(tensor).astype("float32"), tensor.name))

    for tensor in graph.initializer:
        fix(tensor)
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.TENSOR:
                fix(attribute.t)
            if node.op_type == "Cast" and attribute.name == "to" and attribute.i == TensorProto.DOUBLE:
                attribute.i = TensorProto.FLOAT
    for info in list(graph.input) + list(graph.output) + list(graph.value_info):
        if info.type.tensor_type.elem_type == TensorProto.DOUBLE:
            info.type.tensor_type.elem_type = TensorProto.FLOAT
    onnx.checker.check_model(model)
    onnx.save(model, path)


def export(gpt, directory, cached):
    os.makedirs(directory, exist_ok=True)
    ids = torch.tensor([[72, 105, 33]])
    positions = torch.tensor([[2, 3, 4]])
    inputs = ["input_ids", "attention_mask", "position_ids"]
    axes = {"input_ids": {0: "batch", 1: "sequence"}, "attention_mask": {0: "batch", 1: "total"},
            "position_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}}
    manifest = {"kind": "text-generation", "format": "onnx", "promptTemplate": "{prompt}", "eosTokenId": EOS,
                "padTokenId": PAD, "maxTokens": 256, "maxPromptTokens": POSITIONS - 256, "inputs": inputs}
    if cached:
        past = [torch.zeros(1, HEADS, 2, HEAD) for _ in range(2 * LAYERS)]
        names_in, names_out = [], []
        for i in range(LAYERS):
            for kv in ("key", "value"):
                names_in.append(f"past_key_values.{i}.{kv}")
                names_out.append(f"present.{i}.{kv}")
                axes[names_in[-1]] = {0: "batch", 2: "past"}
                axes[names_out[-1]] = {0: "batch", 2: "total"}
        torch.onnx.export(Cached(gpt), (ids, torch.ones(1, 5, dtype=torch.long), positions, *past),
                          os.path.join(directory, "model.onnx"), input_names=inputs + names_in,
                          output_names=["logits"] + names_out, dynamic_axes=axes, opset_version=13)
        manifest["cache"] = {"layers": LAYERS, "heads": HEADS, "headSize": HEAD}
    else:
        axes["attention_mask"] = {0: "batch", 1: "sequence"}
        torch.onnx.export(Plain(gpt), (ids, torch.ones(1, 3, dtype=torch.long), positions),
                          os.path.join(directory, "model.onnx"), input_names=inputs, output_names=["logits"],
                          dynamic_axes=axes, opset_version=13)
    to_float32(os.path.join(directory, "model.onnx"))
    with open(os.path.join(directory, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    with open(os.path.join(directory, "tokenizer.json"), "w") as f:
        json.dump(tokenizer(), f)


def main():
    torch.manual_seed(16)
    random.seed(16)
    torch.set_num_threads(1)
    gpt = TinyGpt()
    train(gpt)
    gpt.eval()
    with torch.no_grad():
        export(gpt, os.path.join(HERE, "cached"), True)
        export(gpt, os.path.join(HERE, "plain"), False)
        # the two graphs agree with each other on a prefill followed by one cached step
        ids = torch.tensor([[76, 97, 117, 114, 101, 108]])
        logits, present = gpt(ids, torch.ones(1, 6, dtype=torch.long), torch.arange(6).unsqueeze(0), None)
        step, _ = gpt(torch.tensor([[32]]), torch.ones(1, 7, dtype=torch.long), torch.tensor([[6]]), present)
        full, _ = gpt(torch.cat([ids, torch.tensor([[32]])], 1), torch.ones(1, 7, dtype=torch.long),
                      torch.arange(7).unsqueeze(0), None)
        print("cached vs full step, max difference:", (step[0, -1] - full[0, -1]).abs().max().item())


if __name__ == "__main__":
    main()
