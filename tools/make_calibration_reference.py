#!/usr/bin/python3
"""Golden calibration figures for `focalscope compute --calibration` and `scan --calibration`:
a float64 reference of the definitions in docs/calibration.md, written with numpy alone.

    /usr/bin/python3 tools/make_calibration_reference.py src/test/resources/calibration

Writes a folder of images NAME_logits.npy (float32 [N, C, H, W]) and NAME_labels.npy (uint8 [N, H, W],
255 ignored), and expected.json: each image's figures (`images`) and the dataset's over all their
labelled pixels (`dataset`). Probabilities are the float64 softmax of the float32 logits, as
focalscope computes them. The images:

  over      a network too sure of itself: informative logits scaled up (its temperature is above 1)
  under     one not sure enough, with ignored pixels (temperature below 1)
  saturated two samples, logit gaps of 60 and more, so that c is exactly 1.0 (in float32 and float64)
            for most pixels, some of them wrong: the last bin's edge and ties in the adaptive groups
  ramp      two classes, c rising across the columns within 3e-4 (one 0.1 % bucket of the scan's fine
            histogram), right on the left half, wrong on the right: the adaptive ECE's groups split by
            the pixels' order alone (key `adaptive`: no temperature fits it, the NLL falls towards T = inf)
  sharper, flatter  temperatures outside the 1/8 .. 64 of the profile a dataset's scan fits: 0.06 (an
            under-confident network, its logits a tenth of the informative ones) and 86 (key `beyond`)

and for the sigmoid activation (key `sigmoid`), P(y = 1) = sigmoid(z) against each kept element's
target, the NLL the binary one of sigmoid(z / T):

  sigmoid_index   class labels, one-vs-rest over 4 channels, with ignored pixels
  sigmoid_binary  one logit channel and a 0/1 map with ignored pixels
"""
import json
import os
import sys

import numpy as np

BINS = 15
IGNORE = 255


def softmax64(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def flat(logits, labels):
    """[pixels, C] float64 logits and [pixels] labels of the labelled pixels."""
    n, c = logits.shape[:2]
    z = logits.astype(np.float64).transpose(0, 2, 3, 1).reshape(-1, c)
    y = labels.reshape(-1).astype(np.int64)
    keep = y != IGNORE
    return z[keep], y[keep]


def equal_width(conf, hit, bins=BINS):
    """ECE, MCE and the reliability bins: [b/B, (b+1)/B), c = 1 in the last."""
    b = np.minimum((conf * bins).astype(np.int64), bins - 1)
    n = len(conf)
    ece, mce, rows = 0.0, 0.0, []
    for k in range(bins):
        m = b == k
        count = int(m.sum())
        if count == 0:
            rows.append({"lo": k / bins, "hi": (k + 1) / bins, "count": 0, "confidence": None, "accuracy": None})
            continue
        c, a = conf[m].mean(), hit[m].mean()
        ece += abs(a - c) * count / n
        mce = max(mce, abs(a - c))
        rows.append({"lo": k / bins, "hi": (k + 1) / bins, "count": count, "confidence": c, "accuracy": a})
    return ece, mce, rows


def adaptive(conf, hit, bins=BINS):
    """Equal-count groups of the sorted confidences; pixels of equal confidence share their accuracy
    (their order among themselves is arbitrary, so each group gets their mean)."""
    order = np.argsort(conf, kind="stable")
    c, h = conf[order], hit[order].astype(np.float64)
    # the mean accuracy of each run of equal confidence
    starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]])
    ends = np.r_[starts[1:], len(c)]
    for s, e in zip(starts, ends):
        h[s:e] = h[s:e].mean()
    n = len(c)
    total = 0.0
    for g in range(bins):
        lo, hi = (g * n) // bins, ((g + 1) * n) // bins
        if hi > lo:
            total += abs(h[lo:hi].mean() - c[lo:hi].mean()) * (hi - lo) / n
    return total


def nll(z, y, beta):
    s = beta * z
    m = s.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(s - m).sum(axis=1))
    return float(np.mean(lse - s[np.arange(len(y)), y]))


def newton_temperature(slope_and_curvature):
    """The T = 1/beta that minimises a mean NLL convex in beta, by Newton on beta from 1, given
    beta -> (dNLL/dbeta, d2NLL/dbeta2)."""
    beta = 1.0
    for _ in range(100):
        g, h = slope_and_curvature(beta)
        step = g / h
        while beta - step <= 0:
            step /= 2
        beta -= step
        if abs(step) < 1e-13 * beta:
            break
    return 1.0 / beta


def temperature(z, y):
    """Softmax: the derivative is E_p[z] - z_y, the second Var_p[z]."""
    def derivatives(beta):
        p = softmax64(beta * z)
        ez = (p * z).sum(axis=1)
        return np.mean(ez - z[np.arange(len(y)), y]), np.mean((p * z * z).sum(axis=1) - ez * ez)
    return newton_temperature(derivatives)


def figures(z, y, classes):
    p = softmax64(z)
    conf = p.max(axis=1)
    hit = (p.argmax(axis=1) == y).astype(np.float64)
    ece, mce, rows = equal_width(conf, hit)
    classwise = np.mean([equal_width(p[:, k], (y == k).astype(np.float64))[0] for k in range(classes)])
    t = temperature(z, y)
    pt = softmax64(z / t)
    return {
        "pixels": int(len(y)),
        "ece": ece, "mce": mce, "adaptiveEce": adaptive(conf, hit), "classwiseEce": float(classwise),
        "accuracy": float(hit.mean()), "meanConfidence": float(conf.mean()),
        "reliability": rows,
        "temperature": t, "nll": nll(z, y, 1.0), "nllAfterTemperature": nll(z, y, 1.0 / t),
        "eceAfterTemperature": equal_width(pt.max(axis=1), (pt.argmax(axis=1) == y).astype(np.float64))[0],
    }


def scene(rng, n, c, h, w, scale, noise):
    truth = rng.integers(0, c, (n, h // 8, w // 8)).repeat(8, axis=1).repeat(8, axis=2)
    logits = rng.normal(0, noise, (n, c, h, w))
    for k in range(c):
        logits[:, k][truth == k] += 2.0
    labels = truth.copy()
    flip = rng.random((n, h, w)) < 0.15
    labels[flip] = rng.integers(0, c, int(flip.sum()))
    return (logits * scale).astype(np.float32), labels.astype(np.uint8)


def sigmoid64(x):
    return 0.5 * (1 + np.tanh(x / 2))


def binary_nll(x, t):
    s = np.where(t == 1, x, -x)
    return float(np.mean(np.logaddexp(0, -s)))


def binary_temperature(x, t):
    """Sigmoid: the derivative is mean (p - t) x, the second mean p (1 - p) x^2."""
    def derivatives(beta):
        p = sigmoid64(beta * x)
        return np.mean((p - t) * x), np.mean(p * (1 - p) * x * x)
    return newton_temperature(derivatives)


def sigmoid_figures(logits, labels, binary):
    """Every kept (pixel, channel) element: x its logit, t its target; per channel too."""
    n, c = logits.shape[:2]
    z = logits.astype(np.float64).transpose(0, 2, 3, 1).reshape(-1, c)
    y = labels.reshape(-1).astype(np.int64)
    keep = y != IGNORE
    z, y = z[keep], y[keep]
    t = y[:, None].astype(np.float64) if binary else (y[:, None] == np.arange(c)[None, :]).astype(np.float64)
    x, tt = z.reshape(-1), t.reshape(-1)
    conf = sigmoid64(x)
    ece, mce, rows = equal_width(conf, tt)
    classwise = np.mean([equal_width(sigmoid64(z[:, k]), t[:, k])[0] for k in range(c)])
    temp = binary_temperature(x, tt)
    return {
        "pixels": int(len(x)),
        "ece": ece, "mce": mce, "adaptiveEce": adaptive(conf, tt), "classwiseEce": float(classwise),
        "accuracy": float(tt.mean()), "meanConfidence": float(conf.mean()),
        "reliability": rows,
        "temperature": temp, "nll": binary_nll(x, tt), "nllAfterTemperature": binary_nll(x / temp, tt),
        "eceAfterTemperature": equal_width(sigmoid64(x / temp), tt)[0],
    }


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20)
    images = {}
    logits, labels = scene(rng, 1, 5, 48, 64, 3.0, 1.0)
    images["over"] = (logits, labels)
    logits, labels = scene(rng, 1, 6, 40, 56, 0.5, 1.5)
    labels[0, :6, :] = IGNORE
    labels[0, rng.random((40, 56)) < 0.05] = IGNORE
    images["under"] = (logits, labels)
    logits, labels = scene(rng, 2, 4, 32, 32, 30.0, 0.3)
    labels[1, 20:, 20:] = IGNORE
    images["saturated"] = (logits, labels)
    expected = {"bins": BINS, "ignoreIndex": IGNORE, "images": {}}
    zs, ys = [], []
    for name, (logits, labels) in images.items():
        np.save(os.path.join(out, name + "_logits.npy"), logits)
        np.save(os.path.join(out, name + "_labels.npy"), labels)
        z, y = flat(logits, labels)
        expected["images"][name] = figures(z, y, logits.shape[1])
        zs.append(z)
        ys.append(y)
    # the dataset: every labelled pixel of the images of one class count (over and under differ: 5 and
    # 6 classes; the scan keeps the count most images have) -> a folder of its own with equal counts
    logits, labels = scene(rng, 1, 4, 24, 40, 1.5, 1.0)
    labels[0, :3, :] = IGNORE
    images["sigmoid_index"] = (logits, labels)
    logits = (rng.normal(0, 2.0, (1, 1, 32, 24)) * 2.0).astype(np.float32)
    labels = (rng.random((1, 32, 24)) < sigmoid64(logits[:, 0].astype(np.float64) / 2.0)).astype(np.uint8)
    labels[0, 28:, :] = IGNORE
    images["sigmoid_binary"] = (logits, labels)
    for name in ["sigmoid_index", "sigmoid_binary"]:
        logits, labels = images.pop(name)
        np.save(os.path.join(out, name + "_logits.npy"), logits)
        np.save(os.path.join(out, name + "_labels.npy"), labels)
        expected.setdefault("sigmoid", {})[name] = sigmoid_figures(logits, labels, name == "sigmoid_binary")
    x = np.arange(64) / 63
    logits = np.zeros((1, 2, 64, 64), np.float32)
    logits[0, 0] = (0.9 + 0.0015 * x)[None, :]
    labels = np.zeros((1, 64, 64), np.uint8)
    labels[0, :, 32:] = 1
    np.save(os.path.join(out, "ramp_logits.npy"), logits)
    np.save(os.path.join(out, "ramp_labels.npy"), labels)
    z, y = flat(logits, labels)
    p = softmax64(z)
    hit = (p.argmax(axis=1) == y).astype(np.float64)
    expected["adaptive"] = {"ramp": {"adaptiveEce": adaptive(p.max(axis=1), hit), "ece": equal_width(p.max(axis=1), hit)[0]}}
    far = np.random.default_rng(21)  # a generator of their own: the images above stay as they were
    expected["beyond"] = {}
    for name, scale, noise in [("sharper", 0.1, 0.1), ("flatter", 100.0, 1.0)]:
        logits, labels = scene(far, 1, 5, 40, 48, scale, noise)
        np.save(os.path.join(out, name + "_logits.npy"), logits)
        np.save(os.path.join(out, name + "_labels.npy"), labels)
        z, y = flat(logits, labels)
        expected["beyond"][name] = figures(z, y, 5)
    sat = float((softmax64(zs[2]).max(axis=1) == 1.0).mean())
    expected["images"]["saturated"]["shareExactlyOne"] = sat
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    # a dataset of three 5-class images for scan
    ds = os.path.join(out, "dataset")
    os.makedirs(ds, exist_ok=True)
    zs, ys = [], []
    for i, (scale, noise) in enumerate([(3.0, 1.0), (1.5, 1.2), (0.7, 0.8)]):
        logits, labels = scene(rng, 1, 5, 32, 40, scale, noise)
        if i == 1:
            labels[0, :4] = IGNORE
        name = "im%d" % i
        np.save(os.path.join(ds, name + "_logits.npy"), logits)
        np.save(os.path.join(ds, name + "_labels.npy"), labels)
        z, y = flat(logits, labels)
        zs.append(z)
        ys.append(y)
        f = figures(z, y, 5)
        expected.setdefault("datasetImages", {})[name] = {"ece": f["ece"], "pixels": f["pixels"]}
    whole = figures(np.concatenate(zs), np.concatenate(ys), 5)
    with open(os.path.join(ds, "expected.json"), "w") as f:
        json.dump({"bins": BINS, "images": expected["datasetImages"], "dataset": whole}, f, indent=1)
    print("saturated: %.3f of the labelled pixels have c exactly 1.0" % sat)


if __name__ == "__main__":
    main(sys.argv[1])
