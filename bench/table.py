#!/usr/bin/python3
"""Pairs the Baton and PyTorch lines of bench/run.sh's results.jsonl into a Markdown table."""
import json
import sys

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith("{")]
key = lambda r: (r["model"], r["size"], r["mode"], r["strategy"], r["batch"], r["threads"])
pairs = {}
for r in rows:
    pairs.setdefault(key(r), {})[r["framework"]] = r
versions = sorted({f'{r["framework"]}: {r["version"]}' for r in rows})
print("Versions: " + "; ".join(versions))
print()
print("| model | px | mode | strategy | batch | threads | Baton img/s | PyTorch img/s | Baton/PyTorch (wall) "
      "| Baton img/CPU-s | PyTorch img/CPU-s | Baton/PyTorch (CPU) | Baton peak RSS MiB | PyTorch peak RSS MiB |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for k, p in pairs.items():
    b, t = p.get("baton-djl"), p.get("pytorch")
    bi = b["images_per_s"] if b else float("nan")
    ti = t["images_per_s"] if t else float("nan")
    ratio = f"{bi / ti:.2f}" if b and t and ti > 0 else "n/a"
    bc = b.get("images_per_cpu_s", float("nan")) if b else float("nan")
    tc = t.get("images_per_cpu_s", float("nan")) if t else float("nan")
    cratio = f"{bc / tc:.2f}" if b and t and tc > 0 else "n/a"
    print(f"| {k[0]} | {k[1]} | {k[2]} | {k[3]} | {k[4]} | {k[5]} | {bi:.2f} | {ti:.2f} | {ratio} | "
          f"{bc:.2f} | {tc:.2f} | {cratio} | "
          f"{b['vmhwm_mb'] if b else 'n/a'} | {t['vmhwm_mb'] if t else 'n/a'} |")
