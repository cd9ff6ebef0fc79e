#!/usr/bin/python3
"""Logistic regression on raw pixels: the floor a transfer-learning job must clear.

Usage: logreg.py DATASET_DIR NAME  (DATASET_DIR has train/<class>/*.png and test/<class>/*.png)
Prints one results.tsv line: name, "logreg", validation accuracy (10 % of train, seed 42), test
accuracy, wall seconds, settings. Debian's python3-sklearn and python3-pil; never part of the tests.
"""
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SIZE = 28


def load(split):
    classes = sorted(p.name for p in split.iterdir() if p.is_dir())
    xs, ys = [], []
    for label, name in enumerate(classes):
        for f in sorted((split / name).iterdir()):
            img = Image.open(f).convert("L").resize((SIZE, SIZE))
            xs.append(np.asarray(img, dtype=np.float32).reshape(-1) / 255.0)
            ys.append(label)
    return np.stack(xs), np.array(ys), classes


def main():
    root, name = Path(sys.argv[1]), sys.argv[2]
    start = time.time()
    x, y, classes = load(root / "train")
    xt, yt, test_classes = load(root / "test")
    assert classes == test_classes, "train/ and test/ must hold the same classes"
    xtr, xval, ytr, yval = train_test_split(x, y, test_size=0.1, random_state=42, stratify=y)
    scaler = StandardScaler().fit(xtr)
    model = LogisticRegression(max_iter=1000, C=0.1).fit(scaler.transform(xtr), ytr)
    val = model.score(scaler.transform(xval), yval)
    test = model.score(scaler.transform(xt), yt)
    print(f"{name}\tlogreg\t{val:.4f}\t{test:.4f}\t{time.time() - start:.0f}\t"
          f"grayscale {SIZE}x{SIZE} pixels, standardised, L2 C=0.1, lbfgs")


if __name__ == "__main__":
    main()
