#!/usr/bin/env python3
"""The same Fashion-MNIST models as `./dendrite train` and `./dendrite mlp`, in PyTorch, for a speed comparison.

Model:  --model cnn (default, `./dendrite train`): conv 32 3x3 + ReLU, max-pool 2, conv 64 3x3 +
        ReLU, max-pool 2, flatten, dense 128 + ReLU, dropout, dense 10; Adam with the learning
        rate annealed to 0 along a cosine over all steps (CosineAnnealingLR stepped per batch).
        --model mlp (`./dendrite mlp`): flatten, dense 256 + ReLU, dense 128 + ReLU, dense 10;
        Adam at a constant learning rate. Both: cross-entropy from logits.
Data:   the four IDX files of Fashion-MNIST (gzip or raw), read with numpy: no torchvision.
        Pixels are scaled to [0, 1], then standardised with the training set's mean and standard
        deviation (0.2860, 0.3530), exactly as the Dendrite example does.

Run it with Debian's PyTorch 1.13 and two threads, tuned as a user who tunes it runs it (the
setting our comparison states; about 1.4x faster than without the environment):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE \
        MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 \
        /usr/bin/python3 bench/pytorch/fashion_cnn.py --epochs 1

It prints one line per epoch and ends with machine-readable lines:
    seconds_per_epoch=S      (mean over the epochs, training only, no evaluation)
    test_accuracy=0.XXXX
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    """Reads one IDX file (gzip or raw): big-endian magic, dims, then unsigned bytes."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic >> 8 != 0x08:  # 0x08 = unsigned byte
        sys.exit(f"{path}: not an unsigned-byte IDX file (magic {magic:#x})")
    rank = magic & 0xFF
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def find(data_dir, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(data_dir, name)
        if os.path.exists(path):
            return path
    sys.exit(f"missing {stem}[.gz] in {data_dir}: install Debian's dataset-fashion-mnist "
             f"(apt-get install dataset-fashion-mnist) or pass --data DIR")


# Mean and standard deviation of the training pixels (scaled to [0, 1]).
MEAN, STD = 0.2860, 0.3530


def load(data_dir, split, normalize):
    images = read_idx(find(data_dir, f"{split}-images-idx3-ubyte"))
    labels = read_idx(find(data_dir, f"{split}-labels-idx1-ubyte"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)  # [N, 1, 28, 28]
    if normalize:
        x = (x - MEAN) / STD
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class FashionCnn(nn.Module):
    def __init__(self, dropout):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.fc1 = nn.Linear(64 * 5 * 5, 128)
        self.fc2 = nn.Linear(128, 10)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)   # [N, 32, 13, 13]
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)   # [N, 64, 5, 5]
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=["cnn", "mlp"], default="cnn")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--normalize", type=int, default=1,
                   help="1: standardise pixels with Fashion-MNIST's mean and std, as the Dendrite example does")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    x_train, y_train = load(args.data, "train", args.normalize)
    x_test, y_test = load(args.data, "t10k", args.normalize)
    model = FashionCnn(args.dropout) if args.model == "cnn" else Mlp()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    steps = args.epochs * ((x_train.shape[0] + args.batch - 1) // args.batch)
    # cnn: the learning rate falls from lr to 0 along a cosine, one scheduler step per batch (as
    # `./dendrite train`); mlp: constant (as `./dendrite mlp`).
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps, eta_min=0.0) if args.model == "cnn" else None
    print(f"pytorch {torch.__version__}, model={args.model}, threads={torch.get_num_threads()}, batch={args.batch}, "
          f"lr={args.lr}, epochs={args.epochs}, dropout={args.dropout}, normalize={args.normalize}", flush=True)

    n = x_train.shape[0]
    epoch_seconds = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(n)
        start = time.perf_counter()
        loss_sum, correct, seen = 0.0, 0, 0
        for i in range(0, n, args.batch):
            idx = order[i:i + args.batch]
            xb, yb = x_train[idx], y_train[idx]
            logits = model(xb)
            loss = F.cross_entropy(logits, yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            loss_sum += loss.item() * len(idx)
            correct += (logits.argmax(1) == yb).sum().item()
            seen += len(idx)
        seconds = time.perf_counter() - start
        epoch_seconds.append(seconds)
        test_acc = evaluate(model, x_test, y_test)
        print(f"epoch {epoch}/{args.epochs}: {seconds:.1f} s, loss {loss_sum / seen:.4f}, "
              f"train accuracy {correct / seen:.4f}, test accuracy {test_acc:.4f}", flush=True)

    print(f"seconds_per_epoch={sum(epoch_seconds) / len(epoch_seconds):.2f}")
    print(f"test_accuracy={evaluate(model, x_test, y_test):.4f}")


def evaluate(model, x, y):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], 1000):
            correct += (model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item()
    return correct / x.shape[0]


if __name__ == "__main__":
    main()
