#!/usr/bin/env python3
"""Square SGEMM rate of torch.mm (OpenBLAS on Debian's python3-torch), timed exactly as the java
device's dev.dendrite.bench.compare.SgemmRate times it, for bench/pytorch/compare-sgemm.sh.

For each n: one second of warm-up calls, then --reps repetitions that each time calls back to
back until at least --rep-seconds have passed; the figure is the median repetition's GFLOP/s
(2 n^3 flops per call). Inputs are uniform in [-0.5, 0.5); the product goes into a preallocated
output (torch.mm(a, b, out=c)), as the java device writes into its own buffer.

Run it as a user who tunes PyTorch runs it:

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE \
        MALLOC_MMAP_THRESHOLD_=1073741824 MALLOC_TRIM_THRESHOLD_=4294967296 \
        /usr/bin/python3 bench/pytorch/sgemm.py --threads 2

Prints one line per size: sgemm n=1024 gflops=X (reps: a b c ...)
"""
import argparse
import statistics
import time

import torch


def rates(n, reps, rep_seconds, warmup_seconds):
    gen = torch.Generator().manual_seed(n)
    a = torch.rand(n, n, generator=gen) - 0.5
    b = torch.rand(n, n, generator=gen) - 0.5
    c = torch.empty(n, n)
    flops = 2.0 * n * n * n
    end = time.perf_counter() + warmup_seconds
    calls = 0
    while calls < 3 or time.perf_counter() < end:
        torch.mm(a, b, out=c)
        calls += 1
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        calls = 0
        while True:
            torch.mm(a, b, out=c)
            calls += 1
            now = time.perf_counter()
            if now - start >= rep_seconds:
                break
        out.append(calls * flops / (now - start) / 1e9)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="1024,2048")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--rep-seconds", type=float, default=0.3)
    p.add_argument("--warmup-seconds", type=float, default=1.0)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    for n in (int(s) for s in args.sizes.split(",")):
        r = rates(n, args.reps, args.rep_seconds, args.warmup_seconds)
        print(f"sgemm n={n} gflops={statistics.median(r):.1f} (reps: {' '.join(f'{x:.1f}' for x in r)})", flush=True)


if __name__ == "__main__":
    main()
