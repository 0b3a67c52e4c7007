#!/usr/bin/python3
"""Weft peer benchmark: wall time of ZigZag's LOMA mapping for the distinct GEMMs of BERT-base (M=128 tokens)
on ZigZag's tpu_like, edge_tpu_like and ascend_like machines (their own mapping files).

Each distinct GEMM is a one-layer workload; one call of zigzag.api.get_hardware_performance_zigzag with its
defaults (LOMA, uneven, opt=latency, lpf_limit=6) is timed with time.perf_counter (includes parsing the
accelerator/mapping YAML, ~tens of ms, and the cost-model evaluation of every LOMA ordering).
The number of cost-model evaluations (= temporal mappings LOMA produced and ZigZag evaluated) is counted by
wrapping CostModelEvaluation. Run from the ZigZag work tree with PYTHONPATH pointing at it.
No ZigZag source here.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zz_shims  # noqa: E402,F401
import zz_golden  # noqa: E402
import zigzag.stages.evaluation.cost_model_evaluation as cme_stage  # noqa: E402
from zigzag.api import get_hardware_performance_zigzag  # noqa: E402

COUNT = {"n": 0}
_Orig = cme_stage.CostModelEvaluation


class CountingCME(_Orig):  # type: ignore
    def __init__(self, *a, **kw):
        COUNT["n"] += 1
        super().__init__(*a, **kw)


cme_stage.CostModelEvaluation = CountingCME


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--zigzag", default=os.getcwd())
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--machines", default="tpu_like,edge_tpu_like,ascend_like")
    args = ap.parse_args()
    import logging
    import tempfile
    logging.disable(logging.INFO)
    zz = args.zigzag
    # warm-up (imports, first-call overheads) — not recorded
    get_hardware_performance_zigzag([zz_golden.gemm_layer("warm", 8, 8, 8)], f"{zz}/zigzag/inputs/hardware/tpu_like.yaml",
                                    f"{zz}/zigzag/inputs/mapping/tpu_like.yaml", dump_folder=tempfile.mkdtemp(),
                                    loma_show_progress_bar=False)
    try:
        load = os.getloadavg()
    except OSError:
        load = None
    out = {
        "header": {
            "tool": "ZigZag", "repository": "https://github.com/KULeuven-MICAS/zigzag",
            "commit": zz_golden.git_commit(zz),
            "command": "cd <zigzag worktree> && PYTHONPATH=. /usr/bin/python3 scripts/peers/zigzag/zz_timing.py "
                       + " ".join(sys.argv[1:]),
            "what": "wall seconds of one get_hardware_performance_zigzag call per distinct BERT-base GEMM (M=128), "
                    "LOMA defaults (lpf_limit=6, uneven, opt=latency), ZigZag's own mapping file per machine; "
                    f"min and all of {args.repeats} repeats after one warm-up call",
            "gemm_convention": "O[M][N] += I[M][K]*W[K][N] as 'O[d][k]+=I[d][c]*W[c][k]', precisions "
                               + json.dumps(zz_golden.PRECISION),
            "python": sys.version.split()[0], "platform": platform.platform(), "cpu_count": os.cpu_count(),
            "loadavg_at_start": load,
            "note": "machine shared with other jobs (2 cores, load average 5-9 during the run); wall times are inflated "
                    "by contention, cpu_s (process CPU time, single-threaded) is the better figure; treat as indicative",
            "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        },
        "machines": {},
    }
    for m in args.machines.split(","):
        hw = f"{zz}/zigzag/inputs/hardware/{m}.yaml"
        mp = f"{zz}/zigzag/inputs/mapping/{m}.yaml"
        rows = []
        for name, M, K, N, const_w, occ in zz_golden.BERT_SUITE:
            walls, cpus = [], []
            for _ in range(args.repeats):
                COUNT["n"] = 0
                c0 = time.process_time()
                t0 = time.perf_counter()
                e, lat, _ = get_hardware_performance_zigzag([zz_golden.gemm_layer(name, M, K, N, const_w)], hw, mp,
                                                            dump_folder=tempfile.mkdtemp(prefix="zzt_"),
                                                            loma_show_progress_bar=False)
                walls.append(time.perf_counter() - t0)
                cpus.append(time.process_time() - c0)
            rows.append({"layer": name, "M": M, "K": K, "N": N, "weight_constant": const_w,
                         "occurrences_per_encoder_block": occ, "wall_s_min": min(walls),
                         "wall_s_median": statistics.median(walls), "wall_s_all": walls,
                         "cpu_s_min": min(cpus), "cpu_s_all": cpus,
                         "cost_model_evaluations": COUNT["n"], "energy_pJ": e, "latency_cc": lat})
            print(f"{m} {name}: {min(walls):.2f}s evals={COUNT['n']} E={e:.6g} L={lat:.6g}", flush=True)
        tot = sum(r["wall_s_min"] for r in rows)
        per_block = sum(r["wall_s_min"] * r["occurrences_per_encoder_block"] for r in rows)
        out["machines"][m] = {"layers": rows, "total_wall_s_distinct_layers": tot,
                              "total_cpu_s_distinct_layers": sum(r["cpu_s_min"] for r in rows),
                              "wall_s_if_every_gemm_of_one_encoder_block_mapped": per_block,
                              "wall_s_if_every_gemm_of_12_blocks_mapped": 12 * per_block}
    try:
        out["header"]["loadavg_at_end"] = os.getloadavg()
    except OSError:
        pass
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1, default=str)


if __name__ == "__main__":
    main()
