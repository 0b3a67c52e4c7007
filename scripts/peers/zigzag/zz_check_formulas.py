#!/usr/bin/python3
"""Independent re-computation (NOT using ZigZag code) of ZigZag's memory word accesses, energy and latency for
the GEMM layer records of Weft's ZigZag golden files, following /work/notes/zigzag-conventions.md.
Inputs taken from a golden record: layer sizes/precisions, the user spatial mapping (OA form) and the temporal
mapping LOMA chose (before merge-down); the hardware from ZigZag's machine YAML.
Usage: /usr/bin/python3 zz_check_formulas.py <zigzag worktree> <golden.json> [...]
Prints mismatches; exit code 1 if any. Validates the note and serves as a template for Weft's own tests.
"""
import json
import math
import sys

import yaml

REL = {"O": {"D", "K"}, "I": {"D", "C"}, "W": {"C", "K"}}   # O[d][k] += I[d][c] * W[c][k]
DIRS = ["rd_out_to_low", "wr_in_by_low", "rd_out_to_high", "wr_in_by_high"]
CODE = {"fh": "wr_in_by_high", "tl": "rd_out_to_low", "fl": "wr_in_by_low", "th": "rd_out_to_high"}
ZERO = {"amt": 0, "prec": 0, "period": 0, "pc": 0, "bw": 0, "win": 0}


def prod(xs):
    p = 1
    for x in xs:
        p *= x
    return p


def spatial_user(rec, oa_sizes, integer):
    """2.1 steps 1-2: drop dims the layer lacks, clip, greedy (fractional or int-truncated) remainder."""
    user_raw = rec["spatial_mapping"]["user_oa_dims"]
    sizes = rec["layer"]["loop_dim_sizes"]
    user = {}
    for oa, mp in user_raw.items():
        user[oa] = {}
        for d, u in mp.items():
            if d not in sizes:
                continue
            u = min(u, oa_sizes[oa], sizes[d])
            maxu = max(v.get(d, 0) for v in user_raw.values())
            first = next(o for o, v in user_raw.items() if v.get(d, 0) == maxu)
            if oa == first:
                earlier = prod(user[o2].get(d, 1) for o2 in user if o2 != oa)
                t = math.ceil(sizes[d] / (u * earlier))
                u = sizes[d] / t / earlier
                if integer:
                    u = int(u)
            user[oa][d] = u
    return user


def model(rec, hw, integer):
    """Sections 2-3 of the note: per-operand, per-memory-level transfer pattern."""
    prec = rec["layer"]["operand_precision"]
    if isinstance(prec, str):  # early golden files stored the repr "{W: 8, I: 8, O: 16, O_final: 8}"
        prec = {kv.split(":")[0].strip(): int(kv.split(":")[1]) for kv in prec.strip("{}").split(",")}
    links = rec["layer"]["memory_operand_links"]
    mems = hw["memories"]
    oa_sizes = dict(zip(hw["operational_array"]["dimensions"], hw["operational_array"]["sizes"]))
    user = spatial_user(rec, oa_sizes, integer)
    tm_raw = rec["temporal_mapping"]["per_operand_per_mem_level_inner_to_outer"]
    ops = list(rec["memory_word_access"].keys())      # equation order: O, I, W
    levels = {op: [n for n, m in mems.items() if links[op] in m["operands"]] for op in ops}
    SM = {}
    for op in ops:                                    # 2.1 step 3
        left = {oa: dict(v) for oa, v in user.items()}
        SM[op] = []
        for name in levels[op]:
            lvl = {}
            for oa in mems[name]["served_dimensions"]:
                if oa in left:
                    for d, u in left.pop(oa).items():
                        lvl[d] = lvl.get(d, 1) * u
            SM[op].append(list(lvl.items()))
        top = {}
        for v in left.values():
            for d, u in v.items():
                top[d] = top.get(d, 1) * u
        SM[op].append(list(top.items()))
    TM, mac_st = {}, {}
    for op in ops:                                    # 2.3 merge-down
        t = [list(map(tuple, lv)) for lv in tm_raw[op]]
        changed = True
        while changed:
            changed = False
            for m in range(1, len(t)):
                while t[m] and t[m][0][0] not in REL[op]:
                    t[m - 1].append(t[m].pop(0))
                    changed = True
        ms = 1
        for d, s in t[0]:
            if d in REL[op]:
                break
            ms *= s
        TM[op], mac_st[op] = t, ms
    nmem = {op: len(TM[op]) for op in ops}
    cabl = {op: [prod(s for lv in TM[op][: m + 1] for _, s in lv) for m in range(nmem[op])] for op in ops}
    total = cabl[ops[0]][-1]
    top_r, top_ir = {}, {}
    for op in ops:
        top_r[op], top_ir[op] = [1], [1]
        for m in range(nmem[op]):
            r = ir = 1
            for d, s in reversed(TM[op][m]):
                if d not in REL[op]:
                    break
                r *= s
            for d, s in reversed(TM[op][m]):
                if d in REL[op]:
                    break
                ir *= s
            top_r[op].append(r)
            top_ir[op].append(ir)
    na = {op: nmem[op] + 1 for op in ops}
    ur = {op: [prod(u for d, u in lv if d in REL[op]) for lv in SM[op]] for op in ops}
    ut = {op: [prod(u for d, u in lv) for lv in SM[op]] for op in ops}
    unit_count = {op: [round(round(prod(ut[op][a:]), 3)) for a in range(na[op])] for op in ops}
    unit_unique = {op: [prod(ur[op][a:]) for a in range(na[op])] for op in ops}
    boost = {op: [round(unit_unique[op][m] / unit_unique[op][m + 1]) for m in range(nmem[op])] + [1] for op in ops}

    def T(op, m):
        return TM[op][m] if 0 <= m < nmem[op] else []
    C1 = {op: [T(op, a - 1) + SM[op][a] for a in range(na[op])] for op in ops}
    C2 = {op: [[]] + [T(op, a - 1) + SM[op][a - 1] for a in range(1, na[op])] for op in ops}
    irf = [any(d not in REL["O"] and s > 1 for d, s in C1["O"][a]) for a in range(na["O"])]
    psum = [any(irf[m + 1:]) for m in range(nmem["O"])] + [False]
    prec_arch = {op: [prec[op]] * na[op] for op in ops}
    prec_arch["O"] = [prec["O"] if psum[a] else prec["O_final"] for a in range(na["O"])]   # QUIRK indexing
    D_unr = {op: [round(prod(s for lv in C2[op][: a + 1] for d, s in lv if d in REL[op])) for a in range(na[op])] for op in ops}
    D_bits = {op: [D_unr[op][a] * prec_arch[op][a] for a in range(na[op])] for op in ops}
    D_eff = {op: [D_bits[op][a] // top_r[op][a] for a in range(na[op])] for op in ops}
    cyc = {op: ([mac_st[op]] if op != "O" else [1]) + cabl[op] for op in ops}
    mv = {}
    for op in ops:
        mv[op] = []
        for m in range(nmem[op]):
            topm = m == nmem[op] - 1
            e = {}
            low = {"period": cyc[op][m], "pc": total // cyc[op][m]}
            high = {"period": cyc[op][m + 1], "pc": total // cyc[op][m + 1]}
            bw_low = D_unr[op][m] * prec_arch[op][m] / cyc[op][m] * boost[op][m]
            bw_high = D_unr[op][m + 1] * prec_arch[op][m + 1] / cyc[op][m + 1]
            if op != "O":
                e["rd_out_to_low"] = dict(amt=D_unr[op][m] * boost[op][m], prec=prec[op], bw=int(bw_low), **low)
                e["wr_in_by_high"] = dict(amt=D_unr[op][m + 1], prec=prec[op], bw=int(bw_high), **high)
                e["wr_in_by_low"] = dict(ZERO)
                e["rd_out_to_high"] = dict(ZERO)
            else:
                fl = dict(amt=int(D_unr[op][m] * boost[op][m]), prec=prec["O"] if psum[m] else prec["O_final"], bw=int(bw_low), **low)
                e["wr_in_by_low"] = fl
                e["rd_out_to_low"] = dict(fl, prec=prec["O"]) if psum[m] else dict(ZERO)
                th = dict(amt=D_unr[op][m + 1], prec=prec["O"] if psum[m + 1] else prec["O_final"], bw=int(bw_high), **high)
                e["rd_out_to_high"] = th
                e["wr_in_by_high"] = dict(th, prec=prec["O"]) if psum[m + 1] else dict(ZERO)
            for d in DIRS:
                s = top_ir[op][m] if d in ("rd_out_to_low", "wr_in_by_low") else top_ir[op][m + 1]
                e[d]["win"] = int(e[d]["period"] / s)
            if topm:
                e["rd_out_to_high"] = dict(ZERO)
                e["wr_in_by_high"] = dict(ZERO)
            mv[op].append(e)
    return dict(ops=ops, levels=levels, nmem=nmem, mv=mv, unit_count=unit_count, D_bits=D_bits, D_eff=D_eff,
                total=total, links=links, mems=mems, prec=prec)


def ports_of(mem, mem_op):
    port = {}
    for p in mem["ports"]:
        for a in p["allocation"]:
            o, c = a.split(", ")
            if o == mem_op:
                port[CODE[c]] = (p["bandwidth_min"], p["bandwidth_max"])
    return port


def accesses_energy(M, hw, total_mac):
    """Section 4."""
    energy, acc_all = 0.0, {}
    for op in M["ops"]:
        acc_all[op] = []
        for m in range(M["nmem"][op]):
            mem = M["mems"][M["levels"][op][m]]
            port = ports_of(mem, M["links"][op])
            acc = {}
            for d in DIRS:
                x = M["mv"][op][m][d]
                if x["amt"] == 0 or x["prec"] == 0:
                    acc[d] = 0
                else:
                    bmin, bmax = port[d]
                    acc[d] = int(math.ceil(x["amt"] * x["prec"] / bmin) * (bmin / bmax) * x["pc"] * M["unit_count"][op][m + 1])
            acc_all[op].append(acc)
            energy += (acc["rd_out_to_low"] + acc["rd_out_to_high"]) * mem["r_cost"]
            energy += (acc["wr_in_by_low"] + acc["wr_in_by_high"]) * mem["w_cost"]
    return acc_all, energy + total_mac * hw["operational_array"]["unit_energy"]


def reduce_balanced(c_list, m_list, s):
    c = list(c_list)
    red = [0.0] * len(c)
    if s <= 0 or not c:
        return c, red
    idx = sorted(range(len(c)), key=lambda i: c[i], reverse=True)
    cs, ms = [c[i] for i in idx], [m_list[i] for i in idx]
    for i in range(len(cs)):
        maxr = (cs[i] - ms[i]) * (i + 1)
        if s >= maxr:
            r = cs[i] - ms[i]
            for j in range(i + 1):
                cs[j] -= r
                red[idx[j]] += r
            s -= maxr
        else:
            r = s / (i + 1)
            for j in range(i + 1):
                cs[j] -= r
                red[idx[j]] += r
            s = 0
            break
    for i, k in enumerate(idx):
        c[k] = cs[i]
    return c, red


def latency(Mf, Mi, hw, total_mac):
    """Sections 5-6: double-buffer flags from the fractional mapping, everything else from the int mapping."""
    ops, mems, links = Mi["ops"], Mi["mems"], Mi["links"]
    inv = {links[o]: o for o in ops}
    size = {op: [mems[n]["size"] for n in Mi["levels"][op]] for op in ops}
    eff_ind = {op: [Mf["D_eff"][op][m + 1] / size[op][m] for m in range(Mf["nmem"][op])] for op in ops}
    eff_sh = {op: list(v) for op, v in eff_ind.items()}
    # sharing groups: memories holding >1 memory operand -> {mem_op: level index}
    groups = []
    for name, mem in mems.items():
        if len(mem["operands"]) > 1:
            g = {}
            for mo in mem["operands"]:
                g[mo] = [n for n, mm in mems.items() if mo in mm["operands"]].index(name)
            groups.append(g)
    for g in groups:
        tot = sum(eff_ind[inv[mo]][lv] for mo, lv in g.items() if mo in inv)
        for mo, lv in g.items():
            if mo in inv:
                eff_sh[inv[mo]][lv] = tot
    db = {}
    for op in ops:
        db[op] = [False]
        for m in range(Mi["nmem"][op]):
            if eff_sh[op][m] <= 0.5:
                db[op].append(True)
            elif eff_ind[op][m] <= 1 - eff_sh[op][m]:
                db[op].append(True)
                for g in groups:
                    if g.get(links[op]) == m:
                        for mo, lv in g.items():
                            if mo in inv:
                                eff_sh[inv[mo]][lv] += eff_ind[op][m]
            else:
                db[op].append(False)
    # real / allowed
    real, allowed = {}, {}
    for op in ops:
        real[op], allowed[op] = [], []
        for m in range(Mi["nmem"][op]):
            port = ports_of(mems[Mi["levels"][op][m]], links[op])
            r, a = {}, {}
            for d in DIRS:
                x = Mi["mv"][op][m][d]
                r[d] = math.ceil(x["amt"] * x["prec"] / port[d][1]) if d in port else 0
                flag = db[op][m] if d in ("rd_out_to_low", "wr_in_by_low") else db[op][m + 1]
                a[d] = math.ceil(x["period"] if flag else x["win"])
            real[op].append(r)
            allowed[op].append(a)
    # ports: physical memory ports in YAML order, served (mem_op, level, dir) in registration order
    port_list = []
    for name, mem in mems.items():
        regs = {p["name"]: [] for p in mem["ports"]}
        for mo in mem["operands"]:
            lv = [n for n, mm in mems.items() if mo in mm["operands"]].index(name)
            for p in mem["ports"]:
                for al in p["allocation"]:
                    o, c = al.split(", ")
                    if o == mo:
                        regs[p["name"]].append((mo, lv, CODE[c]))
        for p in mem["ports"]:
            if regs[p["name"]]:
                users = {mo for mo, _, _ in regs[p["name"]]}
                port_list.append(dict(name=name + "." + p["name"], bw=p["bandwidth_max"], served=regs[p["name"]],
                                      shared_in=len(users & {"I1", "I2"}) > 1))
    ss_list = [0]
    for p in port_list:
        acts = []
        for mo, lv, d in p["served"]:
            if mo not in inv:
                continue
            op = inv[mo]
            x = Mi["mv"][op][lv][d]
            if x["pc"] == 0:
                continue
            acts.append(dict(real=real[op][lv][d], allowed=allowed[op][lv][d], period=math.ceil(x["period"]), pc=x["pc"]))
        for a in acts:
            a["ss"] = (a["real"] - a["allowed"]) * (a["pc"] - 1)
            a["muw"] = a["allowed"] * (a["pc"] - 1)
        if len(acts) == 1:
            ss_list.append(acts[0]["ss"])
        elif acts:
            union = None
            for a in acts:
                if a["period"] == a["allowed"]:
                    union = a["period"] * a["pc"]
                    break
            if union is None:
                pmax = max(a["period"] for a in acts)
                amax = next(a for a in acts if a["period"] == pmax)
                used = [False] * pmax
                for a in acts:
                    for start in range(0, pmax, a["period"]):
                        for t in range(start, start + a["allowed"]):
                            used[t] = True
                union = sum(used) * amax["pc"]
            pos = sum(a["ss"] for a in acts if a["ss"] > 0)
            neg = sum(a["ss"] for a in acts if a["ss"] <= 0)
            ss_list.append(pos + max(0, neg + sum(a["muw"] for a in acts) - union))
    ss = max(ss_list)
    # on/off-loading
    load, off = {op: {} for op in ops if op != "O"}, {"O": {}}
    for p in port_list:
        pc1, pcn = [], []
        for mo, lv, d in p["served"]:
            if mo not in inv:
                continue
            op = inv[mo]
            if op == "O" and d in ("rd_out_to_low", "wr_in_by_high"):
                continue
            pc = Mi["mv"][op][lv][d]["pc"]
            if pc == 0:
                continue
            (pc1 if pc == 1 else pcn).append((op, lv, d))
        busy = sum(math.ceil(Mi["mv"][op][lv][d]["bw"]) for op, lv, d in pcn)
        tot_req = [real[op][lv][d] for op, lv, d in pc1]
        min_req = [math.ceil(Mi["D_bits"][op][1] / p["bw"]) for op, lv, d in pc1]
        tcomp = math.ceil(Mi["total"]) + ss
        surplus = max(0, (p["bw"] - busy) / p["bw"] * tcomp)
        rem, _ = reduce_balanced(tot_req, min_req, surplus)
        for (op, lv, d), r in zip(pc1, rem):
            (off["O"] if op == "O" else load[op])[f"{op}{lv}_{d}"] = (r, p["shared_in"])
        for op, lv, d in pcn:
            (off["O"] if op == "O" else load[op])[f"{op}{lv}_{d}"] = (real[op][lv][d], p["shared_in"])
    ind = {op: 0 for op in load}
    half = {op: 0 for op in load}
    sh = {op: 0 for op in load}
    for op in load:
        for lv in range(Mi["nmem"][op] - 1):
            e1 = load[op][f"{op}{lv}_wr_in_by_high"]
            e2 = load[op][f"{op}{lv + 1}_rd_out_to_low"]
            x = max(e1[0], e2[0])
            if e1[1] and e2[1]:
                sh[op] += x
            elif not e1[1] and not e2[1]:
                ind[op] += x
            else:
                half[op] = x
    ins = [op for op in ops if op != "O"]
    if len(ins) == 1:
        onload = ind[ins[0]]
    else:
        a, b = ins
        onload = min(sh[a] + max(sh[b] + half[b] + ind[b], half[a] + ind[a]),
                     sh[b] + max(sh[a] + half[a] + ind[a], half[b] + ind[b]))
    offload = sum(max(off["O"][f"O{lv}_rd_out_to_high"][0], off["O"][f"O{lv + 1}_wr_in_by_low"][0])
                  for lv in range(Mi["nmem"]["O"] - 1))
    ideal_t = Mi["total"]
    return dict(stall_slack_comb=ss, data_onloading_cycle=onload, data_offloading_cycle=offload,
                latency_total0_cc=ideal_t + ss, latency_total2_cc=ideal_t + ss + onload + offload,
                ideal_cycle=math.ceil(total_mac / prod(hw["operational_array"]["sizes"])), ideal_temporal_cycle=ideal_t)


def main():
    zz = sys.argv[1]
    bad = n = 0
    for path in sys.argv[2:]:
        g = json.load(open(path))
        if "hardware_file" not in g.get("header", {}) or "runs" not in g:
            continue  # e.g. timing.json
        hw = yaml.safe_load(open(f"{zz}/{g['header']['hardware_file']}"))
        for run in g["runs"]:
            for rec in run["layers"]:
                if rec["layer"]["type"] != "Gemm" or set(rec["layer"]["loop_dim_sizes"]) != {"D", "C", "K"}:
                    continue
                n += 1
                tmac = rec["layer"]["total_mac_count"]
                Mf, Mi = model(rec, hw, False), model(rec, hw, True)
                acc, e = accesses_energy(Mf, hw, tmac)
                lat = latency(Mf, Mi, hw, tmac)
                problems = []
                if abs(e - rec["energy"]["energy_total_pJ"]) > 1e-6 * max(1.0, abs(e)):
                    problems.append(f"energy {e} vs {rec['energy']['energy_total_pJ']}")
                for op in acc:
                    if acc[op] != rec["memory_word_access"][op]:
                        problems.append(f"accesses {op}: {acc[op]} vs {rec['memory_word_access'][op]}")
                for key, v in lat.items():
                    if abs(v - rec["latency"][key]) > 1e-6 * max(1.0, abs(v)):
                        problems.append(f"{key} {v} vs {rec['latency'][key]}")
                if problems:
                    bad += 1
                    print("MISMATCH", path, run["workload"], rec["layer"]["name"])
                    for p in problems:
                        print("   ", p)
    print(f"checked {n} GEMM layer records (energy, word accesses, latency), {bad} with mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
