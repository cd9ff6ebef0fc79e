#!/usr/bin/python3
"""Writes the TorchScript ReLU6 that Baton's training-mode MobileNetV2 blocks run
(transfer/src/main/resources/dev/baton/transfer/model/relu6.pt; see TrainingRelu6.java).

Why: DJL exposes no single ReLU6 op. Built from DJL's ops (relu + minimum, or clip with tensor
bounds) the forward costs two passes and, worse, autograd's backward of minimum/clamp-with-tensors
costs four to five passes (where, eq/ge, le, div, masked_fill): on MobileNetV2 96 px, batch 8, a
FULL training step spent 45 ms of 210 in them, against 7 ms for PyTorch's hardtanh and its
single-pass hardtanh_backward. This module is that one op, so autograd records HardtanhBackward.
It holds no parameters and no code but the call below.

Run with Debian's python3-torch (the file is committed; nothing needs Python at run time):
    /usr/bin/python3 transfer/src/main/torchscript/make_relu6.py
"""
import os

import torch


class ReLU6(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.hardtanh(x, 0.0, 6.0)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "resources", "dev", "baton", "transfer", "model", "relu6.pt")
    torch.jit.script(ReLU6()).save(os.path.normpath(out))
    print("wrote", os.path.normpath(out), "with torch", torch.__version__)
