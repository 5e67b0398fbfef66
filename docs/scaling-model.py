#!/usr/bin/env python3
"""The cost model of docs/SCALING.md: prints its tables. Every input is a named constant below.

Weak scaling: each worker keeps its own batch, so compute per step per worker is fixed and the
global batch grows with the worker count p. No overlap of communication with compute (Dendrite
overlaps neither), so efficiency = compute / (compute + communication per step).
"""
import math

GBIT = 1e9 / 8          # bytes per second in one Gbit/s

# ---- models (floats exchanged) -------------------------------------------------------------
MODELS = {
    # name: (parameters, training FLOPs per step per worker, description of the step)
    "CNN": (225_034, 64 * 15.9e6, "batch 64 images, 15.9 MFLOP each (3x a 5.3 MFLOP forward)"),
    "GPT": (835_428, 32 * 128 * 5.55e6, "batch 32 x 128 tokens, 5.55 MFLOP per token (6N + attention)"),
}
ADAM_COPIES = 3           # parameter averaging also averages Adam's two moments

# ---- workers ---------------------------------------------------------------------------------
WORKERS = {
    # name: effective training FLOP/s
    "CPU (2-core java device, measured)": 68e9,
    "GPU (assumed 10 TFLOP/s effective)": 10e12,
}

# ---- network and Spark constants ---------------------------------------------------------
LINK_LATENCY = 30e-6      # s per message on TCP (ring all-reduce: 2(p-1) messages per step)
SPARK_ROUND = 0.20        # s of Spark overhead per averaging round (ExchangeCost, local[2]: median 0.22 s, min 0.11 s)
SPARK_BARRIER = 1.0       # s per barrier allGather (ExchangeCost, local[2]: median 1.02 s, min 1.00 s)
BASE64 = 4 / 3            # allGather carries strings
K = 16                    # steps between two averagings


def ring(p, s, bw):
    """Ring all-reduce of s bytes among p workers (reduce-scatter + all-gather)."""
    return 2 * (p - 1) / p * s / bw + 2 * (p - 1) * LINK_LATENCY


def barrier_allgather(p, s, bw):
    """Spark's BarrierTaskContext.allGather: every message goes to the driver, which sends all p to each task."""
    return (p + p * p) * s * BASE64 / bw + SPARK_BARRIER


def averaging_round(p, s, bw):
    """treeAggregate (depth 2: about 2*sqrt(p) messages through the busiest link) + torrent broadcast."""
    scale = max(math.ceil(math.sqrt(p)), 2)
    up = (scale + math.ceil(p / scale)) * s / bw
    down = math.ceil(math.log2(p + 1)) * s / bw
    return up + down + SPARK_ROUND


def main():
    for model, (params, flops, step) in MODELS.items():
        grad = 4 * params
        state = ADAM_COPIES * grad
        print(f"\n### {model}: {params:,} parameters; {step}; {flops / 1e9:.2f} GFLOP per step per worker")
        print(f"Bytes per step: ring all-reduce sends and receives {2 * grad / 1e6:.2f} MB per worker"
              f" (2 x {grad / 1e6:.2f} MB of gradients, x (p-1)/p); barrier all-gather moves (p + p^2) x"
              f" {grad * BASE64 / 1e6:.2f} MB through the driver; averaging moves about (2 sqrt(p) + log2 p) x"
              f" {state / 1e6:.2f} MB through the busiest link once per {K} steps.\n")
        for worker, rate in WORKERS.items():
            compute = flops / rate
            print(f"{worker}: compute {compute * 1e3:.1f} ms per step\n")
            print("| scheme | network | 2 workers | 8 workers | 64 workers |")
            print("| --- | --- | --- | --- | --- |")
            for name, cost in (("ring all-reduce, every step (reference: not a Spark primitive)", ring),
                               ("Spark barrier allGather, every step", barrier_allgather),
                               (f"Spark treeAggregate + broadcast, every {K} steps (chosen)", None)):
                for gbit in (10, 100):
                    bw = gbit * GBIT
                    cells = []
                    for p in (2, 8, 64):
                        if cost is None:
                            comm = averaging_round(p, state, bw) / K
                        else:
                            comm = cost(p, grad, bw)
                        cells.append(f"{compute / (compute + comm):.0%} ({comm * 1e3:.1f} ms)")
                    print(f"| {name} | {gbit} Gbit/s | " + " | ".join(cells) + " |")
            need = [math.ceil(averaging_round(p, state, 10 * GBIT) / (compute * (1 / 0.9 - 1))) for p in (2, 8, 64)]
            print(f"\nK for 90% with averaging at 10 Gbit/s: {need[0]}, {need[1]}, {need[2]} steps (2, 8, 64 workers)\n")


if __name__ == "__main__":
    main()
