#!/usr/bin/python3
"""Generates the small Keras-layout HDF5 fixtures for the jhdf-based Keras .h5 weights reader tests.

Uses Debian's python3-h5py (apt-get install python3-h5py) and numpy with a fixed seed. Writes, into
transfer/src/test/resources/weights/h5/ (or the folder given as the first argument):
  keras1-vgg16-tiny.h5    the Keras 1 / vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5 layout:
                          root attr layer_names, per-layer attr weight_names, datasets
                          <layer>/<layer>_W_1:0 (HWIO) and <layer>/<layer>_b_1:0
  keras2-mobilenet_v2-tiny.h5
                          the Keras 2 / mobilenet_v2_..._no_top.h5 layout: datasets
                          <layer>/<layer>/kernel:0, depthwise_kernel:0, gamma:0, ..., one stored as float64
  keras2-full-model-tiny.h5
                          a whole-model save: the same layers under the group model_weights
  h5-fixtures.json        every dataset's name (<layer>/<weight name>), shape and float32 values
"""
import json
import os
import sys

import h5py
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "transfer", "src", "test", "resources", "weights", "h5")
rng = np.random.default_rng(20261129)
expected = {}


def values(shape, dtype=np.float32):
    return rng.standard_normal(shape).astype(np.float32).astype(dtype)


def write_layers(group, layers, file_key):
    group.attrs["layer_names"] = np.array([name.encode() for name, _ in layers], dtype="S")
    for name, weights in layers:
        g = group.create_group(name)
        g.attrs["weight_names"] = np.array([w.encode() for w, _ in weights], dtype="S")
        for wname, data in weights:
            g.create_dataset(wname, data=data)
            expected.setdefault(file_key, {})[name + "/" + wname] = {
                "shape": list(data.shape),
                "values": [float(v) for v in np.asarray(data, dtype=np.float32).ravel()],
            }


os.makedirs(OUT, exist_ok=True)

vgg = [("input_1", [])]
cin = 3
for layer, cout in (("block1_conv1", 2), ("block1_conv2", 2)):
    vgg.append((layer, [(layer + "_W_1:0", values((3, 3, cin, cout))), (layer + "_b_1:0", values((cout,)))]))
    cin = cout
vgg.append(("block1_pool", []))
with h5py.File(os.path.join(OUT, "keras1-vgg16-tiny.h5"), "w") as f:
    f.attrs["keras_version"] = b"1.2.2"
    write_layers(f, vgg, "keras1-vgg16-tiny.h5")


def mobilenet_layers():
    c = 4
    return [
        ("input_1", []),
        ("Conv1_pad", []),
        ("Conv1", [("Conv1/kernel:0", values((3, 3, 3, c)))]),
        ("bn_Conv1", [("bn_Conv1/" + v + ":0", values((c,), np.float64 if v == "gamma" else np.float32))
                      for v in ("gamma", "beta", "moving_mean", "moving_variance")]),
        ("expanded_conv_depthwise", [("expanded_conv_depthwise/depthwise_kernel:0", values((3, 3, c, 1)))]),
    ]


with h5py.File(os.path.join(OUT, "keras2-mobilenet_v2-tiny.h5"), "w") as f:
    f.attrs["keras_version"] = b"2.2.4"
    f.attrs["backend"] = b"tensorflow"
    write_layers(f, mobilenet_layers(), "keras2-mobilenet_v2-tiny.h5")

with h5py.File(os.path.join(OUT, "keras2-full-model-tiny.h5"), "w") as f:
    f.attrs["model_config"] = b'{"class_name": "Model"}'
    write_layers(f.create_group("model_weights"), mobilenet_layers(), "keras2-full-model-tiny.h5")

with open(os.path.join(OUT, "h5-fixtures.json"), "w") as f:
    json.dump(expected, f, sort_keys=True)
    f.write("\n")
print("wrote fixtures to " + OUT)
