#!/usr/bin/python3
"""Writes scikit-image's lfw_subset (100 face and 100 non-face 25x25 crops, Debian python3-skimage)
as an image folder: train/{face,other} with 3/4 of each class and test/{face,other} with the rest,
split with a fixed seed. Usage: make_faces.py OUT_DIR"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data


def main():
    out = Path(sys.argv[1])
    images = data.lfw_subset()
    labels = ["face"] * 100 + ["other"] * 100
    order = np.random.RandomState(7).permutation(len(images))
    seen = {"face": 0, "other": 0}
    for i in order:
        name = labels[i]
        split = "train" if seen[name] < 75 else "test"
        seen[name] += 1
        folder = out / split / name
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray((images[i] * 255).astype(np.uint8)).save(folder / f"{i:03d}.png")


if __name__ == "__main__":
    main()
