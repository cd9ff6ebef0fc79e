#!/usr/bin/python3
"""PyTorch eager reference for the Baton benchmark (bench/run.sh runs it next to the Java side).

Same workload as dev.baton.bench.BatonBench: torchvision VGG16 / MobileNetV2 features (random
init, no download) + a GAP head (global average pool, flatten, dropout 0.2, linear), synthetic
inputs from a fixed seed, SGD momentum 0.9, softmax cross-entropy. Prints one JSON line.

  /usr/bin/python3 bench/pytorch_reference.py --model mobilenet_v2 --size 96 --mode train \
      --strategy FULL --batch 8 --warmup 2 --iters 5 --threads 2 --seed 42
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torchvision


def vmhwm_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def build(model_name, num_classes):
    if model_name == "vgg16":
        # Only the convolutional part: building vgg16() would first allocate its 124M-parameter
        # classifier, which the benchmark does not use but VmHWM would count.
        features = torchvision.models.vgg.make_layers(torchvision.models.vgg.cfgs["D"], batch_norm=False)
        channels = 512
    elif model_name == "mobilenet_v2":
        features, channels = torchvision.models.mobilenet_v2(weights=None).features, 1280
    else:
        raise SystemExit("unknown model " + model_name)
    head = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.2),
                         nn.Linear(channels, num_classes))
    return features, head


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True, choices=["vgg16", "mobilenet_v2"])
    ap.add_argument("--size", type=int, default=224)
    ap.add_argument("--mode", choices=["train", "infer"], default="train")
    ap.add_argument("--strategy", choices=["FULL", "FEATURE_EXTRACTION"], default="FULL")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--iters", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--classes", type=int, default=10)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    try:
        torch.set_num_interop_threads(a.threads)
    except RuntimeError:
        pass
    torch.manual_seed(a.seed)
    features, head = build(a.model, a.classes)
    x = torch.randn(a.batch, 3, a.size, a.size)
    y = torch.randint(0, a.classes, (a.batch,))

    if a.mode == "infer":
        features.eval()
        head.eval()

        def step():
            with torch.no_grad():
                return head(features(x))
    else:
        params = list(head.parameters())
        if a.strategy == "FULL":
            features.train()
            params += list(features.parameters())
        else:
            features.eval()
            for p in features.parameters():
                p.requires_grad_(False)
        head.train()
        opt = torch.optim.SGD(params, lr=0.01, momentum=0.9)
        loss_fn = nn.CrossEntropyLoss()

        def step():
            opt.zero_grad(set_to_none=False)
            loss = loss_fn(head(features(x)), y)
            loss.backward()
            opt.step()
            return loss

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    c0 = time.process_time()
    for _ in range(a.iters):
        out = step()
    float(out.sum())  # make sure the work is done
    seconds = time.perf_counter() - t0
    cpu_seconds = time.process_time() - c0
    print(json.dumps({
        "framework": "pytorch", "version": torch.__version__, "model": a.model, "size": a.size,
        "mode": a.mode, "strategy": a.strategy if a.mode == "train" else "-", "batch": a.batch,
        "threads": a.threads, "iters": a.iters, "seconds": round(seconds, 4),
        "images_per_s": round(a.batch * a.iters / seconds, 3),
        "cpu_seconds": round(cpu_seconds, 4), "images_per_cpu_s": round(a.batch * a.iters / cpu_seconds, 3), "vmhwm_mb": round(vmhwm_kb() / 1024, 1),
    }))


if __name__ == "__main__":
    main()
