#!/usr/bin/env python3
"""The same character-level GPT as `./dendrite gpt`, in PyTorch, for a loss and speed comparison.

Model:  token + position embeddings, LAYERS pre-norm blocks (LayerNorm, causal self-attention with
        nn.MultiheadAttention, LayerNorm, MLP E -> 4E -> GELU(tanh) -> E, each added back to the
        residual stream), a final LayerNorm and a bias-free head (or, with --tie, the token
        embedding as the head). GPT-2's initialisation: matrices N(0, 0.02), the residual
        projections N(0, 0.02 / sqrt(2 LAYERS)), biases 0. Module names are those of the Java model
        (tok_emb, pos_emb, blocks.N.ln1, blocks.N.attn, blocks.N.mlp.0, ..., ln_f, head).
Data:   the text (The Devil's Dictionary from Debian's dict-devil, dictd header and trailer dropped,
        as CharCorpus does), alphabet = its sorted distinct characters; the first 90% trains, the
        rest validates; each part is cut into back-to-back windows of CONTEXT characters whose
        targets are the window shifted by one. Training windows are reshuffled every epoch
        (batches of BATCH, the last one smaller); validation is the mean loss over every position
        of every validation window.
Train:  AdamW (betas 0.9, 0.99, eps 1e-8), weight decay on matrices only (not on biases,
        LayerNorms or embeddings); the learning rate climbs linearly from lr/W to lr over W warm-up
        steps and then follows a cosine down to lr/10 at the last step (the formulas of Dendrite's
        LrSchedule.warmup and LrSchedule.cosine); the gradient norm clipped to CLIP.
Unigram: the loss of predicting every validation target with its own frequency among them.

Run it with Debian's PyTorch 1.13 and two threads, the setting our comparisons state:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE \\
        MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 \\
        /usr/bin/python3 bench/pytorch/gpt_char.py

It prints one line per epoch and ends with machine-readable lines:
    seconds=S                 (training and the per-epoch validation, as the Dendrite run's time)
    seconds_per_step=S        (training only)
    val_loss=X unigram_loss=Y
"""
import argparse
import gzip
import math
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DEVILS_DICTIONARY = "/usr/share/dictd/devil.dict.dz"


def read_text(path):
    """The text of a plain or gzip file; a dictd database (.dict, .dict.dz) loses its header and trailer."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    text = data.decode("utf-8").replace("\r\n", "\n")
    if path.endswith(".dict.dz") or path.endswith(".dict"):
        m = re.search(r"(?m)^[A-Z][A-Z' -]+, [a-z.]+ ", text)
        if m:
            text = text[m.start():]
        text = re.sub(r"\s*abcdefghijklmnopqrstuvwxyz\s*$", "\n", text, count=1)
    return text


def windows(encoded, start, end, context):
    n = (end - start - 1) // context
    x = encoded[start:start + n * context].view(n, context)
    y = encoded[start + 1:start + 1 + n * context].view(n, context)
    return x, y


class Block(nn.Module):
    def __init__(self, width, heads, dropout):
        super().__init__()
        self.ln1 = nn.LayerNorm(width)
        self.attn = nn.MultiheadAttention(width, heads, dropout=dropout, batch_first=True)
        self.ln2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), nn.GELU(approximate="tanh"), nn.Linear(4 * width, width))
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask):
        h = self.ln1(x)
        x = x + self.drop(self.attn(h, h, h, attn_mask=mask, need_weights=False)[0])
        return x + self.drop(self.mlp(self.ln2(x)))


class Gpt(nn.Module):
    def __init__(self, vocabulary, context, width, layers, heads, dropout, tie):
        super().__init__()
        self.tok_emb = nn.Embedding(vocabulary, width)
        self.pos_emb = nn.Embedding(context, width)
        self.drop = nn.Dropout(dropout)
        self.blocks = nn.ModuleList(Block(width, heads, dropout) for _ in range(layers))
        self.ln_f = nn.LayerNorm(width)
        self.head = None if tie else nn.Linear(width, vocabulary, bias=False)
        self.register_buffer("mask", torch.triu(torch.full((context, context), float("-inf")), diagonal=1), persistent=False)
        residual = 0.02 / math.sqrt(2 * layers)
        for name, p in self.named_parameters():
            if name.startswith("ln") or ".ln" in name:
                continue
            if p.dim() < 2:
                nn.init.zeros_(p)
            else:
                projection = name.endswith("out_proj.weight") or name.endswith("mlp.2.weight")
                nn.init.normal_(p, 0.0, residual if projection else 0.02)

    def forward(self, idx):
        t = idx.shape[1]
        x = self.drop(self.tok_emb(idx) + self.pos_emb(torch.arange(t)))
        mask = self.mask[:t, :t]
        for block in self.blocks:
            x = block(x, mask)
        x = self.ln_f(x)
        return self.head(x) if self.head is not None else x @ self.tok_emb.weight.t()


def schedule(base, t, warmup, steps, min_lr):
    """Dendrite's LrSchedule.warmup(w, 1/w, LrSchedule.cosine(steps - w, min_lr)) at 0-based step t."""
    w = max(1, min(warmup, steps - 1))
    if t < w:
        return base * (1.0 / w + (1.0 - 1.0 / w) * t / w)
    t_max = max(1, steps - w)
    tc = min(t - w, t_max)
    return min_lr + (base - min_lr) * (1 + math.cos(math.pi * tc / t_max)) / 2


@torch.no_grad()
def evaluate(model, x, y, batch=64):
    model.eval()
    total = 0.0
    for i in range(0, x.shape[0], batch):
        logits = model(x[i:i + batch])
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y[i:i + batch].reshape(-1), reduction="sum").item()
    model.train()
    return total / y.numel()


def unigram_loss(y):
    counts = torch.bincount(y.reshape(-1)).double()
    p = counts[counts > 0] / y.numel()
    return float(-(p * p.log()).sum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--text", default=DEVILS_DICTIONARY)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=0.002)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--context", type=int, default=64)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--tie", action="store_true")
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (timing only; 0: all)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    text = read_text(args.text)
    alphabet = sorted(set(text))
    index = {c: i for i, c in enumerate(alphabet)}
    encoded = torch.tensor([index[c] for c in text], dtype=torch.long)
    split = int(len(text) * 0.9)
    xt, yt = windows(encoded, 0, split, args.context)
    xv, yv = windows(encoded, split, len(text), args.context)
    unigram = unigram_loss(yv)

    model = Gpt(len(alphabet), args.context, args.width, args.layers, args.heads, args.dropout, args.tie)
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2 or n.endswith("_emb.weight")]
    decay = [p for n, p in model.named_parameters() if not (p.dim() < 2 or n.endswith("_emb.weight"))]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.99), eps=1e-8)
    per_epoch = (xt.shape[0] + args.batch - 1) // args.batch
    steps = per_epoch * args.epochs
    print(f"{len(text):,} characters ({split:,} train), {len(alphabet)} distinct; "
          f"{sum(p.numel() for p in model.parameters()):,} parameters; torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads; {steps} steps ({per_epoch} per epoch)", flush=True)

    step = 0
    train_seconds = 0.0
    start = time.perf_counter()
    val = float("nan")
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        order = torch.randperm(xt.shape[0])
        total, count = 0.0, 0
        for i in range(0, xt.shape[0], args.batch):
            for g in opt.param_groups:
                g["lr"] = schedule(args.lr, step, args.warmup, steps, args.lr / 10)
            idx = order[i:i + args.batch]
            logits = model(xt[idx])
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yt[idx].reshape(-1))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            opt.step()
            total += loss.item() * idx.numel()
            count += idx.numel()
            step += 1
            if args.max_steps and step >= args.max_steps:
                break
        epoch_seconds = time.perf_counter() - t0
        train_seconds += epoch_seconds
        val = evaluate(model, xv, yv)
        print(f"epoch {epoch + 1}/{args.epochs}  {epoch_seconds:.1f}s  loss {total / count:.4f}  val_loss {val:.4f}", flush=True)
        if args.max_steps and step >= args.max_steps:
            break
    seconds = time.perf_counter() - start
    print(f"seconds={seconds:.1f}")
    print(f"seconds_per_step={train_seconds / step:.4f}")
    print(f"seconds_per_epoch={train_seconds / (epoch + 1):.2f}")
    print(f"val_loss={val:.4f} unigram_loss={unigram:.4f}")


if __name__ == "__main__":
    main()
