#!/usr/bin/python3
"""The PyTorch figure `focalscope scan` is compared with (docs/performance.md, "Scanning a dataset").

    apt-get install python3-torch
    /usr/bin/python3 tools/bench_scan_pytorch.py make DIR [IMAGES [C H W]]   # a synthetic dataset of pairs
    /usr/bin/python3 tools/bench_scan_pytorch.py scan DIR [THREADS]          # the scan, timed

`make` writes IMAGES pairs (16 by default) NAME_logits.npy (float32 [1,C,H,W], 19 x 1024 x 2048 by default)
and NAME_labels.npy (uint8 [1,H,W], 5 % the ignore index 255).
`scan` does per image what `focalscope scan --gamma 2` does, the plain PyTorch way, on THREADS
threads (torch.set_num_threads, 2 by default): np.load of both files, log_softmax over the
classes, gather -log p_t at the labels, the focal loss (1 - p_t)^2 (-log p_t), and per class
the labelled pixels and the summed focal loss and cross-entropy (bincount); then the dataset's
loss under ENet weights from the summed histogram. It prints the wall time as JSON.
"""
import glob
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def make(folder, images, c, h, w):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(5)
    for i in range(images):
        y = rng.integers(0, c, size=(1, h, w), dtype=np.uint8)
        y[rng.random((1, h, w)) < 0.05] = 255
        z = rng.standard_normal((1, c, h, w), dtype=np.float32) * 2
        np.save(os.path.join(folder, "img%04d_logits.npy" % i), z)
        np.save(os.path.join(folder, "img%04d_labels.npy" % i), y)


def scan(folder, threads, gamma=2.0, ignore=255):
    torch.set_num_threads(threads)
    files = sorted(glob.glob(os.path.join(folder, "**", "*_logits.npy"), recursive=True))
    start = time.perf_counter()
    counts = focal = ce = None
    for f in files:
        z = torch.from_numpy(np.load(f))
        y = torch.from_numpy(np.load(f[: -len("_logits.npy")] + "_labels.npy").astype(np.int64))
        c = z.shape[1]
        logp = F.log_softmax(z, dim=1)
        keep = y != ignore
        u = -logp.gather(1, torch.where(keep, y, 0).unsqueeze(1)).squeeze(1)[keep]
        t = y[keep]
        fl = (-torch.expm1(-u)).pow(gamma) * u
        n = torch.bincount(t, minlength=c).double()
        s = torch.bincount(t, weights=fl.double(), minlength=c)
        e = torch.bincount(t, weights=u.double(), minlength=c)
        counts, focal, ce = (n, s, e) if counts is None else (counts + n, focal + s, ce + e)
    w = 1.0 / torch.log(1.10 + counts / counts.sum())
    loss = float((w * focal).sum() / counts.sum())
    seconds = time.perf_counter() - start
    print(json.dumps({"images": len(files), "threads": threads, "seconds": round(seconds, 3),
                      "imagesPerSecond": round(len(files) / seconds, 3), "loss": loss, "torch": torch.__version__}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        n = int(sys.argv[3]) if len(sys.argv) > 3 else 16
        c, h, w = (int(a) for a in sys.argv[4:7]) if len(sys.argv) > 6 else (19, 1024, 2048)
        make(sys.argv[2], n, c, h, w)
    else:
        scan(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2)
