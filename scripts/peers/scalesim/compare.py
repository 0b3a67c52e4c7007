#!/usr/bin/python3
"""Runs Weft's `--timing scalesim` on every case that grid.py made and diffs SCALE-Sim's reports field by field.

    scripts/peers/scalesim/compare.py --golden DIR [--weft ./weft]

Prints each field that differs (case, report, layer, column, SCALE-Sim's value, Weft's) and a
count of the cases that match whole; exits 1 if any field differs.
"""
import argparse
import os
import subprocess
import sys
import tempfile

REPORTS = ("COMPUTE_REPORT.csv", "BANDWIDTH_REPORT.csv", "DETAILED_ACCESS_REPORT.csv")


def rows(path):
    with open(path) as f:
        return [[cell.strip() for cell in line.rstrip("\n").split(",")] for line in f]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--golden", required=True, help="a directory of grid.py cases")
    parser.add_argument("--weft", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "weft"))
    args = parser.parse_args()
    cases = sorted(c for c in os.listdir(args.golden) if os.path.exists(os.path.join(args.golden, c, REPORTS[0])))
    matched = 0
    with tempfile.TemporaryDirectory() as scratch:
        for case in cases:
            folder = os.path.join(args.golden, case)
            out = os.path.join(scratch, case)
            command = [args.weft, "simulate", "--scalesim-config", os.path.join(folder, "scale.cfg"),
                       "--topology", os.path.join(folder, "topology.csv"), "--timing", "scalesim", "--out", out]
            if not case.startswith("conv"):
                command.append("--gemm-topology")
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{case}: weft failed: {done.stderr.strip()}")
                continue
            differences = 0
            for report in REPORTS:
                theirs = rows(os.path.join(folder, report))
                ours = rows(os.path.join(out, report))
                if len(theirs) != len(ours):
                    print(f"{case}/{report}: {len(theirs)} lines from SCALE-Sim, {len(ours)} from Weft")
                    differences += 1
                    continue
                header = theirs[0]
                for line, (a, b) in enumerate(zip(theirs[1:], ours[1:])):
                    for column, (x, y) in enumerate(zip(a, b)):
                        if x != y:
                            differences += 1
                            print(f"{case}/{report} layer {line} {header[column]}: SCALE-Sim {x}, Weft {y}")
            matched += differences == 0
    print(f"{matched} of {len(cases)} cases match SCALE-Sim's three reports in every field")
    sys.exit(0 if matched == len(cases) else 1)


if __name__ == "__main__":
    main()
