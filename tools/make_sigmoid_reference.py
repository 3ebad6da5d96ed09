#!/usr/bin/python3
"""Golden cases of the sigmoid focal loss, computed with torchvision.ops.sigmoid_focal_loss.

Run with Debian's python3-torchvision and python3-numpy:
    /usr/bin/python3 tools/make_sigmoid_reference.py OUTDIR [SEED]
Writes OUTDIR/<case>/{logits.npy, labels.npy, expected.json, lossmap.npy}. torchvision is called
in float64 on the kept elements only (an ignored pixel drops out with all its channels, an
ignored mask element alone), the way a user who filters them first calls it; `mean` there is
the mean over the kept (pixel, channel) elements. sum, mean-all (over N*C*H*W) and weighted-mean
(sum of l over the sum of the elements' alpha_t) follow from its reduction='none' values.
lossmap.npy is the per-pixel loss summed over the channels at alpha 0.25, gamma 2, 0 where dropped.
"""
import json, os, sys
import numpy as np
import torch
import torchvision
from torchvision.ops import sigmoid_focal_loss

OUT = sys.argv[1] if len(sys.argv) > 1 else "sigmoid"
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 3
IGNORE = 255
rng = np.random.default_rng(SEED)


def write(name, logits, labels, targets, keep):
    """targets, keep: float64/bool arrays [N,C,H,W] of the elements."""
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    np.save(os.path.join(d, "logits.npy"), logits.astype(np.float32))
    np.save(os.path.join(d, "labels.npy"), labels)
    x = torch.as_tensor(logits.astype(np.float32).astype(np.float64))
    t = torch.as_tensor(targets, dtype=torch.float64)
    k = torch.as_tensor(keep)
    n, c, h, w = x.shape
    settings = []
    for alpha in (0.25, None):
        for gamma in (0.0, 2.0, 5.0):
            a = -1 if alpha is None else alpha  # torchvision: a negative alpha means no alpha
            per = sigmoid_focal_loss(x[k], t[k], alpha=a, gamma=gamma, reduction="none")
            mean = float(sigmoid_focal_loss(x[k], t[k], alpha=a, gamma=gamma, reduction="mean"))
            total = float(sigmoid_focal_loss(x[k], t[k], alpha=a, gamma=gamma, reduction="sum"))
            at = torch.ones_like(t[k]) if alpha is None else alpha * t[k] + (1 - alpha) * (1 - t[k])
            ce = sigmoid_focal_loss(x[k], t[k], alpha=a, gamma=0.0, reduction="none")
            positives = [int(((t[:, cl] == 1) & k[:, cl]).sum()) for cl in range(c)]
            per_class = torch.zeros(c, dtype=torch.float64).index_add_(
                0, torch.arange(c).view(1, c, 1, 1).expand(n, c, h, w)[k], per)
            settings.append({
                "alpha": alpha, "gamma": gamma,
                "mean": mean, "sum": total, "meanAll": total / (n * c * h * w),
                "weightedMean": total / float(at.sum()),
                "crossEntropyMean": float(ce.mean()),
                "elements": int(k.sum()), "positives": positives,
                "classSums": per_class.tolist(),
            })
            if alpha == 0.25 and gamma == 2.0:
                full = torch.zeros_like(x)
                full[k] = per
                np.save(os.path.join(d, "lossmap.npy"), full.sum(1).numpy().astype(np.float32))
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "seed": SEED,
                   "ignoreIndex": IGNORE, "shape": [n, c, h, w], "settings": settings}, f, indent=1)


def logits_like(shape, spread=2.5):
    z = rng.normal(0, spread, size=shape)
    z.flat[rng.integers(0, z.size, size=max(1, z.size // 50))] *= 25  # some confident pixels, |x| up to ~100
    return z


# 1. binary: one channel, 0/1 labels [N,H,W] with ignored pixels
n, h, w = 2, 13, 17
labels = (rng.random((n, h, w)) < 0.3).astype(np.uint8)
labels[rng.random((n, h, w)) < 0.1] = IGNORE
z = logits_like((n, 1, h, w)) + np.where(labels == 1, 1.5, -1.5)[:, None]
t = (labels == 1).astype(np.float64)[:, None]
keep = (labels != IGNORE)[:, None]
write("binary", z, labels, t, keep)

# 2. one-vs-rest from a class index map [N,H,W], 15 % ignored: t = 1 in the labelled class's channel
n, c, h, w = 2, 5, 11, 19
labels = rng.integers(0, c, size=(n, h, w)).astype(np.uint8)
labels[rng.random((n, h, w)) < 0.15] = IGNORE
z = logits_like((n, c, h, w))
onehot = np.zeros((n, c, h, w))
for cl in range(c):
    onehot[:, cl] = labels == cl
    z[:, cl] += np.where(labels == cl, 2.0, 0.0)
keep = np.broadcast_to((labels != IGNORE)[:, None], (n, c, h, w)).copy()
write("one_vs_rest", z, labels, onehot, keep)

# 3. a multi-label mask [N,C,H,W] of 0/1, some elements the ignore index
n, c, h, w = 1, 4, 9, 14
mask = (rng.random((n, c, h, w)) < 0.35).astype(np.uint8)
mask[rng.random((n, c, h, w)) < 0.08] = IGNORE
z = logits_like((n, c, h, w)) + np.where(mask == 1, 1.0, -1.0)
write("multi_label", z, mask, (mask == 1).astype(np.float64), mask != IGNORE)
print("wrote", OUT)
