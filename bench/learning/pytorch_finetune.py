#!/usr/bin/python3
"""PyTorch reference row of bench/learning (issue 14): the fine-tune recipe of Baton's auto, on the same
imported base weights, the same inputs and the same split, in Debian's torch (as bench/pytorch_reference.py).

    pytorch_finetune.py TENSORS BASE NAME [--epochs 5] [--check] ...

TENSORS is what ExportTensors wrote (Baton's decoded, grey-to-RGB, bilinearly resized 96 px images of the
job's stratified train/validation split and of test/, as uint8, plus a reference forward pass); BASE is the
exported base's safetensors file (torchvision names). The base is torchvision's mobilenet_v2 with Keras'
conventions, as Baton imports it: BatchNorm epsilon 1e-3 and TensorFlow "same" padding (zero padding at the
bottom and right only) before every stride-2 convolution. --check compares one forward pass of the base
with Baton's on the first test batch and exits 1 when the pooled features differ by 1e-3 or more.

Recipe (defaults = auto's fine-tune, AutoSpec.SearchSpace.defaults() and DepthProbe.fineTuneSpec): the whole
base and a fresh GAP head (dropout 0.2, Linear with weights N(0, 0.01), bias 0), heavy-ball momentum SGD 0.9,
head lr 0.01 and base lr x0.5, weight decay 5e-5 on weights of rank > 1 only, label smoothing 0.1, linear
warm-up over 0.5 epoch then cosine decay to 0, set before every batch, batch 32, each training image
flipped left-right with probability 0.5 (auto's default augmentation; --no-flip: none). The epoch
with the best validation accuracy (ties: lower validation loss) is the model that is tested, as in Baton.
Prints one tab-separated line: name, row, validation, test, wall seconds, settings.
"""
import argparse
import copy
import json
import math
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models import mobilenet_v2


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        assert meta["dtype"] == "F32", (name, meta["dtype"])
        start, end = meta["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(body[start:end], dtype="<f4").copy()).reshape(meta["shape"])
    return out


def tf_same_pad(module, inputs):
    """TensorFlow 'same' padding for a strided convolution: the odd pixel of padding goes bottom/right."""
    x = inputs[0]
    k, s = module.kernel_size[0], module.stride[0]
    pads = []
    for size in (x.shape[3], x.shape[2]):  # F.pad wants (left, right, top, bottom)
        total = max((math.ceil(size / s) - 1) * s + k - size, 0)
        pads += [total // 2, total - total // 2]
    return (F.pad(x, pads),)


def baton_base(weights_file, classes):
    model = mobilenet_v2(weights=None, num_classes=classes)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eps = 1e-3
        if isinstance(m, nn.Conv2d) and m.stride[0] > 1:
            m.padding = (0, 0)
            m.register_forward_pre_hook(tf_same_pad)
    state = read_safetensors(weights_file)
    missing, unexpected = model.features.load_state_dict(
        {k[len("features."):]: v for k, v in state.items()}, strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        sys.exit(f"base weights do not match torchvision's mobilenet_v2: missing {missing}, unexpected {unexpected}")
    head = model.classifier[1]  # Dropout(0.2), Linear: Baton's GAP head
    nn.init.normal_(head.weight, 0, 0.01)
    nn.init.zeros_(head.bias)
    return model


def pooled_features(model, x):
    return F.adaptive_avg_pool2d(model.features(x), 1).flatten(1)


def load(tensors, split):
    x = np.load(f"{tensors}/{split}-x.npy")
    y = np.load(f"{tensors}/{split}-y.npy").astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def as_input(u8):
    x = u8.float() / 127.5 - 1  # Baton's SYMMETRIC normalisation
    return x.expand(-1, 3, -1, -1) if x.shape[1] == 1 else x


def evaluate(model, x, y, batch=100):
    model.eval()
    correct, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(y), batch):
            out = model(as_input(x[i:i + batch]))
            loss += F.cross_entropy(out, y[i:i + batch], reduction="sum").item()
            correct += (out.argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(y), loss / len(y)


def schedule(progress, epochs, warmup):
    """Baton's LearningRateSchedule.warmUp(warmup, cosine())."""
    warm = min(warmup / epochs, 0.5) if warmup > 0 else 0
    if progress < warm:
        return (progress + 1e-3) / (warm + 1e-3)
    return 0.5 * (1 + math.cos(math.pi * (progress - warm) / (1 - warm)))


def check(model, tensors):
    ref_x = torch.from_numpy(np.load(f"{tensors}/reference-x.npy"))
    ref_f = torch.from_numpy(np.load(f"{tensors}/reference-features.npy")).flatten(1)
    test_x, _ = load(tensors, "test")
    pixels = (as_input(test_x[:len(ref_x)]) - ref_x).abs().max().item()
    model.eval()
    with torch.no_grad():
        diff = (pooled_features(model, ref_x) - ref_f).abs().max().item()
    print(f"reference batch of {len(ref_x)}: inputs differ by {pixels:.2e}, pooled features by {diff:.2e} "
          f"(features up to {ref_f.abs().max().item():.2f})", file=sys.stderr)
    return pixels < 1e-6 and diff < 1e-3


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tensors")
    p.add_argument("base")
    p.add_argument("name")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--base-scale", type=float, default=0.5)
    p.add_argument("--wd", type=float, default=5e-5)
    p.add_argument("--smoothing", type=float, default=0.1)
    p.add_argument("--warmup", type=float, default=0.5)
    p.add_argument("--momentum", type=float, default=0.9)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--flip", action=argparse.BooleanOptionalAction, default=True,
                   help="flip each training image left-right with probability 0.5 (auto's augmentation)")
    p.add_argument("--check", action="store_true", help="only compare the base's forward pass with Baton's")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    classes = len(open(f"{a.tensors}/classes.txt").read().split())
    model = baton_base(a.base, classes)
    ok = check(model, a.tensors)
    if a.check or not ok:
        sys.exit(0 if ok else 1)

    start = time.time()
    train_x, train_y = load(a.tensors, "train")
    val_x, val_y = load(a.tensors, "val")
    test_x, test_y = load(a.tensors, "test")
    groups = []
    for part, scale in ((model.features, a.base_scale), (model.classifier, 1.0)):
        params = [q for q in part.parameters()]
        groups.append({"params": [q for q in params if q.dim() > 1], "weight_decay": a.wd, "scale": scale})
        groups.append({"params": [q for q in params if q.dim() <= 1], "weight_decay": 0.0, "scale": scale})
    opt = torch.optim.SGD(groups, lr=a.lr, momentum=a.momentum)
    order = torch.Generator().manual_seed(a.seed)
    flips = torch.Generator().manual_seed(a.seed + 1)
    batches = math.ceil(len(train_y) / a.batch)
    best = None
    for epoch in range(1, a.epochs + 1):
        t0 = time.time()
        model.train()
        perm = torch.randperm(len(train_y), generator=order)
        for b in range(batches):
            factor = schedule((epoch - 1 + b / batches) / a.epochs, a.epochs, a.warmup)
            for g in opt.param_groups:
                g["lr"] = a.lr * factor * g["scale"]
            idx = perm[b * a.batch:(b + 1) * a.batch]
            x = as_input(train_x[idx])
            if a.flip:
                flipped = torch.rand(len(idx), generator=flips) < 0.5
                x = torch.where(flipped[:, None, None, None], x.flip(3), x)
            loss = F.cross_entropy(model(x), train_y[idx], label_smoothing=a.smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        val_acc, val_loss = evaluate(model, val_x, val_y)
        print(f"epoch {epoch} val {val_acc:.4f} loss {val_loss:.4f} train loss {loss.item():.4f} "
              f"{time.time() - t0:.0f} s", file=sys.stderr)
        if best is None or (val_acc, -val_loss) > (best[1], -best[2]):
            best = (epoch, val_acc, val_loss, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[3])
    test_acc, _ = evaluate(model, test_x, test_y)
    settings = (f"torch {torch.__version__}, whole base + fresh GAP head, momentum SGD {a.momentum}, lr {a.lr} "
                f"(base x{a.base_scale}), wd {a.wd}, smoothing {a.smoothing}, warm-up {a.warmup} ep + cosine, "
                f"{a.epochs} ep, {'random flips' if a.flip else 'no augmentation'}, best epoch {best[0]}")
    print(f"{a.name}\ttorch\t{best[1]:.4f}\t{test_acc:.4f}\t{time.time() - start:.0f}\t{settings}")


if __name__ == "__main__":
    main()
