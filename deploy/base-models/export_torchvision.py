#!/usr/bin/env python3
"""Writes a torchvision VGG16 or MobileNetV2 as a TorchScript file that `baton base import-torchvision` imports.

With ImageNet weights (needs internet access once: torchvision downloads them into its cache):

    python3 deploy/base-models/export_torchvision.py --arch mobilenet_v2 --weights imagenet --out mobilenet_v2.pt
    deploy/local/baton base import-torchvision mobilenet_v2.pt --name mobilenet_v2-imagenet

With seeded random weights (no internet; what Baton's tests use):

    python3 deploy/base-models/export_torchvision.py --arch vgg16 --weights none --seed 0 \
        --out vgg16.pt --reference vgg16-reference.json --reference-size 64

`--part features` (default) saves `model.features`, `--part full` the whole classifier (Baton keeps
the `features.` tensors and ignores the classifier). `--reference` writes the features' output on a
fixed seeded input next to that input, for numerical comparisons. Runs on Debian's python3-torch 1.13
/ python3-torchvision 0.14 and on newer releases (torchvision's `weights=` enums, 0.13+).
"""

import argparse
import json
import sys

import torch
import torchvision

# torchvision's ImageNet input normalisation (RGB, values in [0, 1], then (x - mean) / std).
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
EXTRA_FILE = "baton-export.json"

ARCHS = {
    "vgg16": (torchvision.models.vgg16, "VGG16_Weights"),
    "mobilenet_v2": (torchvision.models.mobilenet_v2, "MobileNet_V2_Weights"),
}


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--arch", required=True, choices=sorted(ARCHS))
    p.add_argument("--part", default="features", choices=["features", "full"],
                   help="save model.features (default) or the whole model")
    p.add_argument("--weights", default="imagenet", choices=["imagenet", "none"],
                   help="imagenet: torchvision's DEFAULT ImageNet weights (downloaded by torchvision); "
                        "none: seeded random weights, no download")
    p.add_argument("--seed", type=int, default=0, help="seed of the random weights (--weights none)")
    p.add_argument("--width", type=float, default=1.0,
                   help="MobileNetV2 width multiplier (--weights none only; ImageNet weights exist for 1.0)")
    p.add_argument("--mode", default="script", choices=["script", "trace"],
                   help="torch.jit.script (default) or torch.jit.trace")
    p.add_argument("--out", required=True, help="the TorchScript file to write")
    p.add_argument("--reference", help="also write the features' output on a seeded input to this JSON file")
    p.add_argument("--reference-size", type=int, default=64, help="input size of the reference (pixels)")
    p.add_argument("--reference-batch", type=int, default=2, help="batch size of the reference")
    a = p.parse_args(argv)
    if a.arch != "mobilenet_v2" and a.width != 1.0:
        p.error("--width applies to mobilenet_v2 only")
    if a.weights == "imagenet" and a.width != 1.0:
        p.error("ImageNet weights exist for width 1.0 only")
    return a


def randomise(model, seed):
    """Seeded values in every tensor, BatchNorm statistics and biases included.

    torchvision's own initialisation leaves BatchNorm at weight 1, bias 0, mean 0, var 1 and
    convolution biases at 0; an importer that lost or swapped those tensors would still reproduce
    the output. Drawing them at random makes every tensor count in a numerical comparison.
    """
    g = torch.Generator().manual_seed(seed + 7919)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=g) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=g) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=g) + 0.5)
            elif isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)) and m.bias is not None:
                m.bias.copy_(torch.randn(m.bias.shape, generator=g) * 0.05)


def build(a):
    factory, enum_name = ARCHS[a.arch]
    if a.weights == "imagenet":
        weights = getattr(torchvision.models, enum_name).DEFAULT
        model = factory(weights=weights)
        weights_name = enum_name + "." + weights.name
    else:
        torch.manual_seed(a.seed)
        kwargs = {"width_mult": a.width} if a.arch == "mobilenet_v2" else {}
        model = factory(weights=None, **kwargs)
        randomise(model, a.seed)
        weights_name = "none"
    return model.eval(), weights_name


def reference_input(a):
    g = torch.Generator().manual_seed(a.seed + 1)
    x = torch.rand(a.reference_batch, 3, a.reference_size, a.reference_size, generator=g)
    mean = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (x - mean) / std


def main(argv):
    a = parse_args(argv)
    torch.set_num_threads(min(2, torch.get_num_threads()))
    model, weights_name = build(a)
    part = model.features if a.part == "features" else model
    x = reference_input(a)
    with torch.no_grad():
        if a.mode == "script":
            scripted = torch.jit.script(part)
        else:
            scripted = torch.jit.trace(part, x)
        features = model.features(x)
    meta = {
        "architecture": a.arch,
        "part": a.part,
        "weights": weights_name,
        "seed": a.seed if a.weights == "none" else None,
        "widthMultiplier": a.width,
        "mode": a.mode,
        "torch": torch.__version__,
        "torchvision": torchvision.__version__,
    }
    torch.jit.save(scripted, a.out, _extra_files={EXTRA_FILE: json.dumps(meta, sort_keys=True)})
    if a.reference:
        ref = dict(meta)
        ref["inputShape"] = list(x.shape)
        ref["input"] = x.flatten().tolist()
        ref["outputShape"] = list(features.shape)
        ref["output"] = features.flatten().tolist()
        with open(a.reference, "w") as f:
            json.dump(ref, f)
    print("wrote %s (%s %s, weights %s)" % (a.out, a.arch, a.part, weights_name))


if __name__ == "__main__":
    main(sys.argv[1:])
