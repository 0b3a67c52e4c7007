#!/usr/bin/python3
"""Weft peer driver: run ZigZag (KULeuven-MICAS/zigzag) and dump golden reference numbers as JSON.

This file is Weft's own code: it imports ZigZag as a library and contains no ZigZag source.

Usage (from the ZigZag work tree, with ZigZag on PYTHONPATH):
  cd /work/peers/zigzag
  PYTHONPATH=/work/peers/zigzag /usr/bin/python3 /work/main/scripts/peers/zigzag/zz_golden.py \
      --machine tpu_like --suite gemm --out /work/main/mapper/src/test/resources/zigzag/tpu_like-gemm.json

Suites:
  gemm_l1   ZigZag's own test_gemm_l1 (gemm_layer.yaml on gemm_l1.yaml, lpf_limit=3), for cross-checking
  resnet18  ZigZag's shipped resnet18.onnx, whole network in one call (like its test_<machine> tests)
  gemm      transformer GEMMs (ViT-B/16 M=197, GPT-2 M=128), one ZigZag call per GEMM
  bert      BERT-base M=128 GEMMs, one call per distinct GEMM, wall time per call (timing benchmark)

ZigZag settings: zigzag.api.get_hardware_performance_zigzag with its defaults
(temporal_mapping_search_engine='loma', temporal_mapping_type='uneven', opt='latency',
lpf_limit=6, nb_spatial_mappings_generated=3, access_same_data_considered_as_no_access=True,
exploit_data_locality=False, enable_mix_spatial_mapping=False, in_memory_compute=False),
except lpf_limit=3 for the gemm_l1 suite (as its own test does).
"""
import argparse
import datetime
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import zz_shims  # noqa: E402,F401  (must precede zigzag imports)

from zigzag.api import get_hardware_performance_zigzag  # noqa: E402
from zigzag.cost_model.cost_model import CostModelEvaluation  # noqa: E402
from zigzag.hardware.architecture.memory_port import DataDirection  # noqa: E402
from zigzag.mapping.data_movement import DataMoveAttr  # noqa: E402

DIRS = [DataDirection.RD_OUT_TO_LOW, DataDirection.WR_IN_BY_LOW, DataDirection.RD_OUT_TO_HIGH, DataDirection.WR_IN_BY_HIGH]

# Transformer GEMMs: O[M][N] += I[M][K] * W[K][N]; ZigZag dims as its ONNX Gemm parser names them:
# D = M (rows/tokens), C = K (reduction), K = N (output features).  I -> I1, W -> I2 via the mapping file.
GEMM_SUITE = [
    # (name, M, K, N, weight_is_constant)
    ("vit_b16_qkv_each_or_proj_768x768", 197, 768, 768, True),
    ("vit_b16_mlp_fc1_768x3072", 197, 768, 3072, True),
    ("vit_b16_mlp_fc2_3072x768", 197, 3072, 768, True),
    ("gpt2_attn_c_attn_qkv_768x2304", 128, 768, 2304, True),
    ("gpt2_attn_c_proj_768x768", 128, 768, 768, True),
    ("gpt2_mlp_c_fc_768x3072", 128, 768, 3072, True),
    ("gpt2_mlp_c_proj_3072x768", 128, 3072, 768, True),
]
BERT_SUITE = [
    # (name, M, K, N, weight_is_constant, occurrences per encoder block)
    ("bert_base_q_k_v_o_768x768", 128, 768, 768, True, 4),
    ("bert_base_ffn1_768x3072", 128, 768, 3072, True, 1),
    ("bert_base_ffn2_3072x768", 128, 3072, 768, True, 1),
    ("bert_base_attn_score_per_head_q_kT", 128, 64, 128, False, 12),
    ("bert_base_attn_context_per_head_p_v", 128, 128, 64, False, 12),
]
PRECISION = {"W": 8, "I": 8, "O": 16, "O_final": 8}  # = ZigZag ONNX Gemm parser defaults (act 8, weight 8, psum 2*act)


def gemm_layer(name, m, k, n, const_w=True, layer_id=0):
    return {
        "id": layer_id,
        "name": name,
        "operator_type": "Gemm",
        "equation": "O[d][k]+=I[d][c]*W[c][k]",
        "dimension_relations": [],
        "loop_dims": ["D", "C", "K"],
        "loop_sizes": [m, k, n],
        "operand_precision": dict(PRECISION),
        # operand_source: own id = comes from outside (first layer); only matters for inter-layer features (off)
        "operand_source": {"I": layer_id} if not const_w else {"I": layer_id, "W": layer_id},
    }


def fw(x):
    return {str(d): x.get(d) for d in DIRS}


def k(d):
    return {str(a): b for a, b in d.items()}


def loops(lst):
    return [[[str(dim), (int(f) if float(f).is_integer() else float(f))] for dim, f in lvl] for lvl in lst]


def cme_record(cme: CostModelEvaluation):
    L = cme.layer
    links = L.memory_operand_links
    acc = cme.accelerator
    rec = {}
    rec["layer"] = {
        "id": L.id,
        "name": L.name,
        "type": L.type,
        "equation": str(L.equation),
        "loop_dim_sizes": k(dict(L.layer_dim_sizes.items())),
        "dimension_relations": [str(r) for r in L.dimension_relations],
        "operand_precision": k(dict(L.operand_precision.data)),
        "total_mac_count": L.total_mac_count,
        "operand_size_elem": k(L.operand_size_elem),
        "operand_size_bit": k(L.operand_size_bit),
        "memory_operand_links": {str(lo): str(links.layer_to_mem_op(lo)) for lo in L.layer_operands},
    }
    rec["memory_levels"] = {
        str(lo): [m.name for m in acc.mem_hierarchy_dict[links.layer_to_mem_op(lo)][: cme.mapping.mem_level[lo]]]
        for lo in L.layer_operands
    }
    rec["energy"] = {
        "energy_total_pJ": cme.energy_total,
        "mac_energy_pJ": cme.mac_energy,
        "mem_energy_pJ": cme.mem_energy,
        "mem_energy_breakdown_per_level": k(cme.mem_energy_breakdown),
        "mem_energy_breakdown_per_level_per_direction": {str(o): [fw(a) for a in lst] for o, lst in cme.mem_energy_breakdown_further.items()},
    }
    rec["memory_word_access"] = {str(o): [fw(a) for a in lst] for o, lst in cme.memory_word_access.items()}
    rec["latency"] = {
        "latency_total0_cc": cme.latency_total0,
        "latency_total1_cc": cme.latency_total1,
        "latency_total2_cc": cme.latency_total2,
        "ideal_cycle": cme.ideal_cycle,
        "ideal_temporal_cycle": cme.ideal_temporal_cycle,
        "stall_slack_comb": cme.stall_slack_comb,
        "stall_slack_comb_per_mem_per_port": [dict(d) for d in cme.stall_slack_comb_collect],
        "mem_updating_window_union_per_mem_per_port": [dict(d) for d in cme.mem_updating_window_union_collect],
        "mem_level_names_in_port_order": [m.name for m in cme.mem_level_list],
        "data_onloading_cycle": cme.data_onloading_cycle,
        "data_offloading_cycle": cme.data_offloading_cycle,
        "loading_offloading_cycles_borrowed_from_computation": cme.loading_offloading_cycles_borrowed_from_computation,
        "data_loading_cc_per_op": {str(o): {s: list(v) for s, v in d.items()} for o, d in cme.data_loading_cc_per_op.items()},
        "data_offloading_cc_per_op": {str(o): {s: list(v) for s, v in d.items()} for o, d in cme.data_offloading_cc_per_op.items()},
        "double_buffer_true": k(cme.double_buffer_true),
        "allowed_mem_update_cycle": {str(o): [fw(a) for a in lst] for o, lst in cme.allowed_mem_update_cycle.items()},
        "real_data_trans_cycle": {str(o): [fw(a) for a in lst] for o, lst in cme.real_data_trans_cycle.items()},
    }
    rec["utilization"] = {
        "mac_spatial_utilization": cme.mac_spatial_utilization,
        "mac_utilization0": cme.mac_utilization0,
        "mac_utilization1": cme.mac_utilization1,
        "mac_utilization2": cme.mac_utilization2,
        "mem_utili_individual": k(cme.mem_utili_individual),
        "mem_utili_shared": k(cme.mem_utili_shared),
        "effective_mem_utili_individual": k(cme.effective_mem_utili_individual),
        "effective_mem_utili_shared": k(cme.effective_mem_utili_shared),
    }
    sm, smi = cme.spatial_mapping, cme.spatial_mapping_int
    rec["spatial_mapping"] = {
        "user_oa_dims": {str(oa): {str(d): f for d, f in m.items()} for oa, m in L.spatial_mapping.items()},
        "per_operand_per_arch_level": {str(o): loops(v) for o, v in sm.mapping_dict_origin.items()},
        "per_operand_per_arch_level_int": {str(o): loops(v) for o, v in smi.mapping_dict_origin.items()},
        "unit_count": k(sm.unit_count),
        "unit_unique": k(sm.unit_unique),
        "unit_duplicate": k(sm.unit_duplicate),
        "mem_bw_boost": k(sm.mem_bw_boost),
        "note": "arch level 0 = spatial loops below memory level 0 (served by it); unit_count[op][l+1] = instances of memory level l",
    }
    tm = cme.temporal_mapping
    rec["temporal_mapping"] = {
        "per_operand_per_mem_level_inner_to_outer": {str(o): loops(v) for o, v in tm.mapping_dic_origin.items()},
        "stationary_merged_down": {str(o): loops(v) for o, v in tm.mapping_dic_stationary.items()},
        "total_cycle": tm.total_cycle,
        "cycle_cabl_level": k(tm.cycle_cabl_level),
        "top_r_loop_size": k(tm.top_r_loop_size),
        "top_ir_loop_size": k(tm.top_ir_loop_size),
        "mac_level_data_stationary_cycle": k(tm.mac_level_data_stationary_cycle),
        "printable": str(tm),
    }
    # Per-unit-memory data movement as the cost model sees it (fractional spatial mapping -> energy; int -> latency)
    def umdm(mapping):
        return {
            str(o): [{str(attr): fw(p.get_attribute(attr)) for attr in DataMoveAttr} for p in lst]
            for o, lst in mapping.unit_mem_data_movement.items()
        }
    rec["unit_mem_data_movement_energy_mapping"] = umdm(cme.mapping)
    rec["unit_mem_data_movement_latency_mapping_int"] = umdm(cme.mapping_int)
    rec["mapping_details"] = {
        "psum_flag": cme.mapping.psum_flag,
        "data_precision_dict": k(cme.mapping.data_precision_dict),
        "data_elem_per_level_unrolled": k(cme.mapping.data_elem_per_level_unrolled),
        "data_bit_per_level_unrolled": k(cme.mapping.data_bit_per_level_unrolled),
        "data_elem_per_level": k(cme.mapping.data_elem_per_level),
        "effective_data_bit": k(cme.mapping.effective_data_bit),
        "data_access_raw": k(cme.mapping.data_access_raw),
        "data_access_raw2": k(cme.mapping.data_access_raw2),
    }
    return rec


def git_commit(path):
    try:
        return subprocess.check_output(["git", "-C", path, "rev-parse", "HEAD"], text=True).strip()
    except Exception:  # pragma: no cover
        return None


def run_one(workload, hw, mp, lpf_limit=6):
    dump = tempfile.mkdtemp(prefix="zz_")
    t0 = time.perf_counter()
    energy, latency, cmes = get_hardware_performance_zigzag(
        workload, hw, mp, lpf_limit=lpf_limit, dump_folder=dump, loma_show_progress_bar=False
    )
    wall = time.perf_counter() - t0
    total, per_layer = cmes[0]
    layers = [c for c, _ in per_layer]
    return energy, latency, total, layers, wall


def summary(c):
    return {"energy_total_pJ": c.energy_total, "latency_total2_cc": c.latency_total2}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--machine", required=True, help="tpu_like | edge_tpu_like | ascend_like | gemm_l1")
    ap.add_argument("--suite", required=True, choices=["gemm_l1", "resnet18", "gemm", "bert"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--zigzag", default=os.getcwd(), help="ZigZag work tree (cwd by default)")
    ap.add_argument("--mapping", default=None, help="mapping YAML to use instead of ZigZag's zigzag/inputs/mapping/<machine>.yaml")
    args = ap.parse_args()
    logging.disable(logging.INFO)

    zz = args.zigzag
    hw = f"{zz}/zigzag/inputs/hardware/{args.machine}.yaml"
    mp = f"{zz}/zigzag/inputs/mapping/{args.machine}.yaml"
    mp_label = f"zigzag/inputs/mapping/{args.machine}.yaml"
    if args.mapping:
        mp = os.path.abspath(args.mapping)
        mp_label = "Weft variant: scripts/peers/zigzag/mappings/" + os.path.basename(mp) + " (contents copied below)"
    header = {
        "tool": "ZigZag",
        "repository": "https://github.com/KULeuven-MICAS/zigzag",
        "commit": git_commit(zz),
        "zigzag_version": "3.8.5 (pyproject.toml)",
        "hardware_file": f"zigzag/inputs/hardware/{args.machine}.yaml",
        "mapping_file": mp_label,
        "command": "cd <zigzag worktree> && PYTHONPATH=. /usr/bin/python3 scripts/peers/zigzag/zz_golden.py "
        + " ".join(sys.argv[1:]),
        "driver": "scripts/peers/zigzag/zz_golden.py (Weft)",
        "api": "zigzag.api.get_hardware_performance_zigzag",
        "mapper_settings": {
            "temporal_mapping_search_engine": "loma",
            "temporal_mapping_type": "uneven",
            "opt": "latency (ZigZag API default: MinimalLatencyStage picks the min-latency CME; ties keep the first)",
            "lpf_limit": 3 if args.suite == "gemm_l1" else 6,
            "nb_spatial_mappings_generated": 3,
            "access_same_data_considered_as_no_access": True,
            "exploit_data_locality": False,
            "enable_mix_spatial_mapping": False,
            "in_memory_compute": False,
        },
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "units": {"energy": "pJ", "latency": "cycles", "memory sizes/bandwidths": "bits, bits/cycle"},
        "latency_definitions": "latency_total0 = ideal_temporal_cycle + stall_slack_comb; "
        "latency_total1 = latency_total0 + data_onloading_cycle; latency_total2 = latency_total1 + data_offloading_cycle "
        "(latency_total2 is ZigZag's reported latency)",
    }
    if args.mapping:
        header["mapping_file_contents"] = open(mp).read()
    out = {"header": header, "runs": []}

    if args.suite == "gemm_l1":
        hw = f"{zz}/zigzag/inputs/hardware/gemm_l1.yaml"
        mp = f"{zz}/zigzag/inputs/mapping/gemm_l1.yaml"
        wl = f"{zz}/zigzag/inputs/workload/gemm_layer.yaml"
        e, l, total, layers, wall = run_one(wl, hw, mp, lpf_limit=3)
        header["workload_file"] = "zigzag/inputs/workload/gemm_layer.yaml"
        header["published_expectation"] = {"energy_pJ": 511349.76000000007, "latency_cc": 8191.0,
                                           "source": "tests/main/test_origin/test_gemm_l1.py"}
        out["runs"].append({"workload": "gemm_layer.yaml", "wall_s": wall, "total": summary(total),
                            "layers": [cme_record(c) for c in layers]})
    elif args.suite == "resnet18":
        wl = f"{zz}/zigzag/inputs/workload/resnet18.onnx"
        e, l, total, layers, wall = run_one(wl, hw, mp)
        header["workload_file"] = "zigzag/inputs/workload/resnet18.onnx"
        out["runs"].append({"workload": "resnet18.onnx (whole network, one call)", "wall_s": wall,
                            "total": summary(total), "layers": [cme_record(c) for c in layers]})
    else:
        suite = GEMM_SUITE if args.suite == "gemm" else BERT_SUITE
        header["workload"] = ("GEMM O[M][N] += I[M][K] * W[K][N] as a ZigZag layer: equation 'O[d][k]+=I[d][c]*W[c][k]', "
                              "loop_dims D=M, C=K, K=N (ZigZag ONNX Gemm-parser naming); operand_precision "
                              + json.dumps(PRECISION) + "; one get_hardware_performance_zigzag call per GEMM")
        total_wall = 0.0
        for entry in suite:
            name, m, kk, n, const_w = entry[:5]
            occ = entry[5] if len(entry) > 5 else 1
            wl = [gemm_layer(name, m, kk, n, const_w)]
            e, l, total, layers, wall = run_one(wl, hw, mp)
            total_wall += wall
            print(f"{args.machine} {name}: E={e:.6g} pJ L={l:.6g} cc wall={wall:.2f}s", flush=True)
            out["runs"].append({"workload": name, "gemm": {"M": m, "K": kk, "N": n, "weight_constant": const_w},
                                "occurrences_per_block": occ, "wall_s": wall, "total": summary(total),
                                "layers": [cme_record(c) for c in layers]})
        out["total_wall_s"] = total_wall
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f, indent=1, default=str)
    os.replace(tmp, args.out)
    for r in out["runs"]:
        print(r["workload"], r["total"], "wall_s=%.2f" % r["wall_s"])


if __name__ == "__main__":
    main()
