#!/usr/bin/python3
"""Prints bench/target/learning/results.tsv as the Markdown table of bench/RESULTS.md: one line per run, rows
logreg, auto, grid and torch (the PyTorch reference of pytorch_finetune.py), in the order run.sh ran them."""
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
print("| dataset | row | validation | test | wall s | settings |")
print("|---|---|---|---|---|---|")
for name, row, val, test, seconds, settings in rows:
    print(f"| {name} | {row} | {float(val) * 100:.1f} % | {float(test) * 100:.1f} % | {seconds} | {settings} |")
