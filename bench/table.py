#!/usr/bin/python3
"""Pairs the Baton and PyTorch lines of bench/run.sh's results.jsonl into a Markdown table.

With several repetitions per row (REPEAT), each side's figure is the median of its repetitions,
the ratio is the ratio of the medians, and "CPU ratio range" spans the ratios of the pairs run
back to back (repetition i of Baton against repetition i of PyTorch).
"""
import json
import statistics
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
key = lambda r: (r["model"], r["size"], r["mode"], r["strategy"], r["batch"], r["threads"])
runs = {}
for r in rows:
    runs.setdefault(key(r), {}).setdefault(r["framework"], []).append(r)
versions = sorted({f'{r["framework"]}: {r["version"]}' for r in rows})
print("Versions: " + "; ".join(versions))
print()
print("| model | px | mode | strategy | batch | threads | runs | Baton img/s | PyTorch img/s | Baton/PyTorch (wall) "
      "| Baton img/CPU-s | PyTorch img/CPU-s | Baton/PyTorch (CPU) | CPU ratio range | Baton peak RSS MiB "
      "| PyTorch peak RSS MiB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
nan = float("nan")


def median(side, field):
    return statistics.median(r[field] for r in side) if side else nan


for k, p in runs.items():
    b, t = p.get("baton-djl", []), p.get("pytorch", [])
    bi, ti = median(b, "images_per_s"), median(t, "images_per_s")
    bc, tc = median(b, "images_per_cpu_s"), median(t, "images_per_cpu_s")
    ratio = f"{bi / ti:.2f}" if b and t and ti > 0 else "n/a"
    cratio = f"{bc / tc:.2f}" if b and t and tc > 0 else "n/a"
    pairs = [x["images_per_cpu_s"] / y["images_per_cpu_s"] for x, y in zip(b, t) if y["images_per_cpu_s"] > 0]
    spread = f"{min(pairs):.2f}-{max(pairs):.2f}" if len(pairs) > 1 else "-"
    print(f"| {k[0]} | {k[1]} | {k[2]} | {k[3]} | {k[4]} | {k[5]} | {min(len(b), len(t))} | {bi:.2f} | {ti:.2f} | "
          f"{ratio} | {bc:.2f} | {tc:.2f} | {cratio} | {spread} | "
          f"{max((r['vmhwm_mb'] for r in b), default='n/a')} | {max((r['vmhwm_mb'] for r in t), default='n/a')} |")
