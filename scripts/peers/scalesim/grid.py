#!/usr/bin/python3
"""Runs SCALE-Sim v2 on a grid of configurations and topologies and keeps its three reports.

Each case is one SCALE-Sim run: a .cfg, a topology CSV and the three reports SCALE-Sim wrote,
in <out>/<case>/. Run with Debian's /usr/bin/python3 (python3-numpy, python3-tqdm):

    scripts/peers/scalesim/grid.py --scalesim /work/peers/scale-sim-v2 --out DIR [--only SUBSTRING]
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

# GEMM layers as (name, M, N, K): transformer shapes scaled so that SCALE-Sim, which traces
# every word, finishes each in seconds; the odd sizes leave partial folds.
GEMM_LAYERS = {
    "small": [("qkv", 64, 192, 64), ("scores", 64, 64, 32), ("ffn", 32, 256, 64), ("odd", 50, 70, 90)],
    "wide": [("proj", 128, 256, 256), ("up", 96, 384, 128)],
    "tiny": [("t1", 4, 6, 5), ("t2", 3, 40, 2)],
    # an ifmap one set larger than the active half of a 1 KiB SRAM, so that the window lacks one set
    "edge": [("e64", 64, 16, 8), ("e65", 65, 16, 8), ("e70", 70, 16, 8), ("e47", 47, 24, 11)],
    # BERT-tiny at 128 tokens (hidden 128, heads of 64, FFN 512): QKV, one head's scores and context, out, FFN
    "berttiny": [("qkv", 128, 384, 128), ("scores", 128, 128, 64), ("context", 128, 64, 128), ("out", 128, 128, 128),
                 ("ffn1", 128, 512, 128), ("ffn2", 128, 128, 512)],
    "big": [("out", 256, 512, 512), ("up", 128, 1024, 256)],
}
# Convolution layers: name, IFMAP h, w, filter h, w, channels, filters, stride.
CONV_LAYERS = {
    "conv": [("c1", 12, 12, 3, 3, 4, 16, 1), ("c2", 9, 11, 2, 3, 3, 8, 2), ("pw", 8, 8, 1, 1, 16, 24, 1)],
    # a depthwise row (one layer per channel), a column stride of its own, windows that skip pixels and hang over
    "conv2": [("dwDP", 10, 10, 3, 3, 3, 1, 1), ("rect", 12, 9, 3, 2, 2, 6, 2, 1), ("skip", 11, 11, 2, 2, 3, 4, 3),
              ("big", 20, 20, 5, 5, 8, 32, 1)],
}


def cases():
    out = []
    for df in ("os", "ws", "is"):
        for (h, w) in ((8, 8), (32, 32), (128, 128), (16, 4), (4, 16)):
            for kb in (1, 16, 512):
                out.append(dict(name=f"gemm-small-{df}-{h}x{w}-{kb}k", df=df, h=h, w=w, kb=(kb, kb, kb), bw=10,
                                mode="USER", topo="small"))
        out.append(dict(name=f"gemm-tiny-{df}-128x128-1k", df=df, h=128, w=128, kb=(1, 1, 1), bw=10, mode="USER",
                        topo="tiny"))
        # large stalls: a big array with small SRAMs
        out.append(dict(name=f"gemm-wide-{df}-128x128-4k", df=df, h=128, w=128, kb=(4, 4, 4), bw=10, mode="USER",
                        topo="wide"))
        out.append(dict(name=f"gemm-wide-{df}-32x32-2k-bw4", df=df, h=32, w=32, kb=(2, 3, 1), bw=4, mode="USER",
                        topo="wide"))
        out.append(dict(name=f"conv-{df}-16x16-2k", df=df, h=16, w=16, kb=(2, 2, 2), bw=10, mode="USER",
                        topo="conv"))
        out.append(dict(name=f"gemm-small-{df}-32x32-16k-calc", df=df, h=32, w=32, kb=(16, 16, 16), bw=10,
                        mode="CALC", topo="small"))
    # the regime: a 128x128 array with SRAMs far smaller than the operands stalls for millions of cycles
    for df in ("os", "ws", "is"):
        for kb in (8, 64):
            out.append(dict(name=f"gemm-big-{df}-128x128-{kb}k", df=df, h=128, w=128, kb=(kb, kb, kb), bw=10,
                            mode="USER", topo="big"))
    for df in ("os", "ws", "is"):
        out.append(dict(name=f"gemm-edge-{df}-8x8-1k-bw3", df=df, h=8, w=8, kb=(1, 1, 1), bw=3, mode="USER",
                        topo="edge"))
    # non-square arrays, other bandwidths, unequal SRAMs
    for df in ("os", "ws", "is"):
        out.append(dict(name=f"gemm-wide-{df}-64x16-8k-bw1", df=df, h=64, w=16, kb=(8, 4, 2), bw=1, mode="USER",
                        topo="wide"))
        out.append(dict(name=f"gemm-wide-{df}-8x128-32k-bw64", df=df, h=8, w=128, kb=(32, 16, 8), bw=64,
                        mode="USER", topo="wide"))
        out.append(dict(name=f"conv-{df}-8x32-1k-calc", df=df, h=8, w=32, kb=(1, 1, 1), bw=10, mode="CALC",
                        topo="conv"))
    for df in ("os", "ws", "is"):
        out.append(dict(name=f"conv2-{df}-8x8-1k", df=df, h=8, w=8, kb=(1, 1, 1), bw=10, mode="USER", topo="conv2"))
        out.append(dict(name=f"conv2-{df}-32x16-4k-bw3", df=df, h=32, w=16, kb=(4, 2, 4), bw=3, mode="USER",
                        topo="conv2"))
        out.append(dict(name=f"conv2-{df}-16x16-1k-calc", df=df, h=16, w=16, kb=(1, 1, 1), bw=10, mode="CALC",
                        topo="conv2"))
    # real transformer shapes in the regime: bandwidth 10, small and large SRAMs
    for df in ("os", "ws", "is"):
        for (h, w) in ((8, 8), (32, 32), (128, 128)):
            out.append(dict(name=f"gemm-berttiny-{df}-{h}x{w}-8k", df=df, h=h, w=w, kb=(8, 8, 8), bw=10,
                            mode="USER", topo="berttiny"))
        out.append(dict(name=f"gemm-berttiny-{df}-32x32-256k", df=df, h=32, w=32, kb=(256, 256, 256), bw=10,
                        mode="USER", topo="berttiny"))
    # CALC mode with SRAMs small enough that its record of recent words is forgotten again and again
    for df in ("os", "ws", "is"):
        for (h, w) in ((8, 8), (16, 4)):
            out.append(dict(name=f"gemm-small-{df}-{h}x{w}-1k-calc", df=df, h=h, w=w, kb=(1, 2, 1), bw=10,
                            mode="CALC", topo="small"))
    return out


def write_inputs(case, folder):
    ifmap_kb, filter_kb, ofmap_kb = case["kb"]
    with open(os.path.join(folder, "scale.cfg"), "w") as f:
        f.write(f"""[general]
run_name = run

[architecture_presets]
ArrayHeight:    {case['h']}
ArrayWidth:     {case['w']}
IfmapSramSzkB:   {ifmap_kb}
FilterSramSzkB:  {filter_kb}
OfmapSramSzkB:   {ofmap_kb}
IfmapOffset:    0
FilterOffset:   10000000
OfmapOffset:    20000000
Bandwidth : {case['bw']}
Dataflow : {case['df']}
MemoryBanks:   1

[run_presets]
InterfaceBandwidth: {case['mode']}
""")
    with open(os.path.join(folder, "topology.csv"), "w") as f:
        if case["topo"] in GEMM_LAYERS:
            f.write("Layer, M, N, K,\n")
            for row in GEMM_LAYERS[case["topo"]]:
                f.write(", ".join(str(x) for x in row) + ",\n")
        else:
            f.write("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, "
                    "Strides,\n")
            for row in CONV_LAYERS[case["topo"]]:
                f.write(", ".join(str(x) for x in row) + ",\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scalesim", required=True, help="a SCALE-Sim v2 source tree")
    parser.add_argument("--out", required=True)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    for case in cases():
        if args.only not in case["name"]:
            continue
        folder = os.path.join(args.out, case["name"])
        if os.path.exists(os.path.join(folder, "COMPUTE_REPORT.csv")):
            continue
        os.makedirs(folder, exist_ok=True)
        write_inputs(case, folder)
        runs = os.path.join(folder, "runs")
        start = time.time()
        kind = "conv" if case["topo"] in CONV_LAYERS else "gemm"
        done = subprocess.run([sys.executable, os.path.join(args.scalesim, "scalesim", "scale.py"),
                               "-c", os.path.join(folder, "scale.cfg"), "-t", os.path.join(folder, "topology.csv"),
                               "-p", runs, "-i", kind], env=dict(os.environ, PYTHONPATH=args.scalesim),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"{case['name']}: SCALE-Sim failed: {done.stderr[-500:]}", flush=True)
            continue
        for report in ("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv"):
            shutil.move(os.path.join(runs, "run", report), os.path.join(folder, report))
        shutil.rmtree(runs)
        print(f"{case['name']}: {time.time() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main()
