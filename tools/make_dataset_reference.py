#!/usr/bin/python3
"""A small dataset for `focalscope scan` and `focalscope weights`, and what PyTorch computes for it.

Run with Debian's python3-torch, python3-numpy and python3-pil:
    /usr/bin/python3 tools/make_dataset_reference.py OUTDIR [SEED]
Writes OUTDIR/images/... (.npz images, suffix pairs with .npy and PNG labels, images of different
sizes, broken files, a list.csv) and OUTDIR/expected.json. The figures are computed here in float64
from the float32 logits, independently of focalscope:
  u = -log_softmax(z)[y], focal = u (1 - e^-u)^gamma, per class summed over every image,
  class weights from the histogram summed over every image, applied once to every pixel.
"""
import io, json, os, sys, zipfile
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

OUT = sys.argv[1] if len(sys.argv) > 1 else "dataset"
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 11
C = 5
IGNORE = 255
rng = np.random.default_rng(SEED)
root = os.path.join(OUT, "images")
os.makedirs(os.path.join(root, "sub"), exist_ok=True)


def make(h, w, margin=4.0, ignored=0.1, classes=C):
    y = rng.integers(0, classes, size=(h, w))
    z = rng.normal(0, 1.5, size=(classes, h, w))
    # a trained-looking network: the label's logit raised on most pixels, a wrong class on some
    hit = rng.random((h, w)) < 0.8
    for c in range(classes):
        z[c] += np.where((y == c) & hit, margin, 0.0)
    y = np.where(rng.random((h, w)) < ignored, IGNORE, y)
    return z.astype(np.float32), y


images = {}  # name -> (logits [N,C,H,W] float32, labels [N,H,W])

def keep(name, z, y):
    images[name] = (z.reshape((-1,) + z.shape[-3:]), y.reshape((-1,) + y.shape[-2:]))

# 1. an .npz holding both arrays, [1,C,H,W] and [1,H,W] uint8
z, y = make(24, 32)
np.savez(os.path.join(root, "alpha.npz"), logits=z[None], labels=y[None].astype(np.uint8))
keep("alpha", z, y)
# 2. a compressed .npz, [C,H,W] and [H,W] int64, confident logits (margins of 60)
z, y = make(17, 29, margin=60.0)
np.savez_compressed(os.path.join(root, "bravo.npz"), logits=z, labels=y.astype(np.int64))
keep("bravo", z, y)
# 3. a pair with a grayscale PNG label map, in a subfolder
z, y = make(40, 16)
np.save(os.path.join(root, "sub", "charlie_logits.npy"), z)
Image.fromarray(y.astype(np.uint8), mode="L").save(os.path.join(root, "sub", "charlie_labels.png"))
keep("sub/charlie", z, y)
# 4. a pair with .npy labels (int32), a batch of two samples
z1, y1 = make(12, 20)
z2, y2 = make(12, 20, ignored=0.5)
np.save(os.path.join(root, "delta_logits.npy"), np.stack([z1, z2]))
np.save(os.path.join(root, "delta_labels.npy"), np.stack([y1, y2]).astype(np.int32))
keep("delta", np.stack([z1, z2]), np.stack([y1, y2]))
# 5. a pair whose class 4 is absent, float16 logits
z, y = make(9, 33)
y = np.where(y == 4, 0, y)
np.save(os.path.join(root, "echo_logits.npy"), z.astype(np.float16))
np.save(os.path.join(root, "echo_labels.npy"), y.astype(np.uint8))
keep("echo", z.astype(np.float16).astype(np.float32), y)

# broken files: each must be skipped and listed, never stop the scan
z, y = make(8, 8)
raw = io.BytesIO(); np.save(raw, z); data = raw.getvalue()
open(os.path.join(root, "foxtrot_logits.npy"), "wb").write(data[: len(data) - 37])  # truncated
np.save(os.path.join(root, "foxtrot_labels.npy"), y.astype(np.uint8))
open(os.path.join(root, "golf.npz"), "wb").write(b"PK\x03\x04 this is not a zip archive at all")
z, y = make(8, 8)
y[3, 5] = 7  # outside the 5 classes
np.save(os.path.join(root, "hotel_logits.npy"), z)
np.save(os.path.join(root, "hotel_labels.npy"), y.astype(np.uint8))
z, _ = make(8, 8)
np.save(os.path.join(root, "india_logits.npy"), z)  # no labels beside it
z, y = make(8, 8, classes=6)
np.save(os.path.join(root, "juliet_logits.npy"), z)  # six classes, the others five
np.save(os.path.join(root, "juliet_labels.npy"), y.astype(np.uint8))

with open(os.path.join(root, "list.csv"), "w") as f:
    f.write("logits,labels\nsub/charlie_logits.npy,sub/charlie_labels.png\nalpha.npz,alpha.npz\n"
            "foxtrot_logits.npy,foxtrot_labels.npy\n")


def weights(scheme, counts, per_image, c=1.10, beta=0.999):
    total = counts.sum()
    present = counts > 0
    k = present.sum()
    if scheme == "none":
        return np.ones(C)
    if scheme == "enet":
        return 1.0 / np.log(c + counts / total)
    if scheme == "inverse":
        return np.where(present, total / (k * np.maximum(counts, 1)), 0.0)
    if scheme == "median":
        freq = np.zeros(C)
        for cl in range(C):
            pix = sum(img.sum() for img in per_image if img[cl] > 0)
            freq[cl] = counts[cl] / pix if counts[cl] > 0 else 0.0
        med = np.median(freq[present])
        return np.where(present, med / np.where(present, freq, 1), 0.0)
    if scheme == "effective":
        w = np.where(present, (1 - beta) / -np.expm1(counts * np.log(beta)), 0.0)
        return w * k / w.sum()
    raise ValueError(scheme)


def per_pixel(name):
    z, y = images[name]
    x = torch.as_tensor(z, dtype=torch.float64)
    t = torch.as_tensor(y.astype(np.int64))
    logp = F.log_softmax(x, dim=1)
    keep_ = t != IGNORE
    u = -logp.gather(1, torch.where(keep_, t, 0).unsqueeze(1)).squeeze(1)
    return u[keep_].numpy(), t[keep_].numpy(), int(t.numel()), int((~keep_).sum())


order = ["alpha", "bravo", "delta", "echo", "sub/charlie"]
pixels = {n: per_pixel(n) for n in order}
per_image_counts = [np.bincount(pixels[n][1], minlength=C) for n in order]
counts = np.sum(per_image_counts, axis=0)


def focal(u, gamma):
    return u * (-np.expm1(-u)) ** gamma


def figures(gamma, scheme, reduction):
    w = weights(scheme, counts, per_image_counts)
    labelled = int(counts.sum())
    all_px = sum(pixels[n][2] for n in order)
    alpha_sum = float((w * counts).sum())

    def reduce(s):
        return {"mean": s / labelled, "sum": s, "weighted-mean": s / alpha_sum, "mean-all": s / all_px}[reduction]

    cls_f = np.zeros(C); cls_ce = np.zeros(C)
    rows = []
    for n in order:
        u, t, allp, ign = pixels[n]
        fw = focal(u, gamma) * w[t]
        cw = u * w[t]
        np.add.at(cls_f, t, fw); np.add.at(cls_ce, t, cw)
        by = np.zeros(C); np.add.at(by, t, fw)
        present = np.bincount(t, minlength=C) > 0
        worst = int(np.argmax(np.where(present, by, -1)))
        rows.append({"name": n, "pixels": int(len(u)), "ignored": ign, "meanFocal": fw.sum() / len(u),
                     "crossEntropy": cw.sum() / len(u), "worstClass": worst,
                     "worstClassShare": by[worst] / fw.sum() if fw.sum() > 0 else 0.0})
    rows.sort(key=lambda r: (-r["meanFocal"], r["name"]))
    curve = []
    for g in [i * 0.25 for i in range(21)]:
        s = sum((focal(pixels[n][0], g) * w[pixels[n][1]]).sum() for n in order)
        curve.append({"gamma": g, "loss": reduce(s)})
    return {
        "gamma": gamma, "weights": scheme, "reduction": reduction,
        "images": len(order), "classes": C, "pixels": labelled,
        "ignored": int(sum(pixels[n][3] for n in order)), "counts": counts.tolist(), "classWeights": w.tolist(),
        "loss": reduce(cls_f.sum()), "crossEntropy": reduce(cls_ce.sum()),
        "perClass": [{"class": c, "pixels": int(counts[c]), "meanLoss": cls_f[c] / counts[c] if counts[c] else 0.0,
                      "share": cls_f[c] / cls_f.sum(),
                      "meanCrossEntropy": cls_ce[c] / counts[c] if counts[c] else 0.0,
                      "crossEntropyShare": cls_ce[c] / cls_ce.sum()} for c in range(C)],
        "perImage": rows, "lossVsGamma": curve,
    }


cases = [figures(2.0, "enet", "mean"), figures(2.0, "none", "mean"), figures(0.5, "none", "sum"), figures(2.0, "inverse", "weighted-mean"),
         figures(5.0, "median", "mean-all"), figures(1.0, "effective", "mean")]
label_counts = {s: weights(s, counts, per_image_counts).tolist() for s in ["enet", "inverse", "median", "effective"]}
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({"torch": torch.__version__, "seed": SEED, "order": order,
               "failed": ["foxtrot_logits.npy", "golf.npz", "hotel_labels.npy", "india_logits.npy", "juliet_logits.npy"],
               "scans": cases, "labelWeights": {"counts": counts.tolist(), "weights": label_counts}}, f, indent=1)
print("wrote", OUT)
