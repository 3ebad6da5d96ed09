#!/usr/bin/python3
"""Golden figures for `focalscope label-issues`, from cleanlab's own code (cleanlab 2.9).

    apt-get install python3-numpy python3-scipy python3-sklearn python3-pandas python3-tqdm python3-termcolor
    # cleanlab's source, not installed: PyPI is not reachable here
    git -C <a clone of github.com/cleanlab/cleanlab> archive HEAD cleanlab | tar -x -C /tmp/cleanlab-src
    PYTHONPATH=/tmp/cleanlab-src /usr/bin/python3 tools/make_label_issues_reference.py src/test/resources/label-issues

Writes two small datasets with planted annotation errors, each a folder of NAME_logits.npy
(float32 [1, C, H, W]) and NAME_labels.npy (uint8 [1, H, W]), with expected.json and
NAME_expected_issues.npy (uint8 [1, H, W], 1 where flagged):

  plain/    every pixel labelled: cleanlab.segmentation's find_label_issues, get_label_quality_scores
            (softmin, temperature 0.1) and common_label_issues on the whole arrays
  ignored/  with pixels of the ignore index 255, which cleanlab does not know: its general functions
            on the labelled pixels only (count.get_confident_thresholds, LabelInspector's issue count,
            rank.find_top_issues, the softmin of segmentation.rank), the flags put back in place
  batch/    one file holding two images (N = 2) beside a file of one: cleanlab scores each image of the
            stacked arrays on its own, so the batch's `samples` qualities are its images' scores
  downsample2/  labels constant on 2 x 2 blocks (where cleanlab's averaged labels are the majority's),
            logits per pixel: find_label_issues(downsample=2) and the qualities pixel by pixel

Probabilities are the float64 softmax of the float32 logits, as focalscope computes them.
"""
import json
import os
import sys

import numpy as np
from cleanlab.count import get_confident_thresholds
from cleanlab.experimental.label_issues_batched import LabelInspector
from cleanlab.rank import find_top_issues
from cleanlab.segmentation.filter import find_label_issues
from cleanlab.segmentation.rank import _get_label_quality_per_image, get_label_quality_scores
from cleanlab.segmentation.summary import common_label_issues

C, H, W = 5, 24, 32
IMAGES = ["a", "b", "c"]


def softmax64(logits):
    z = logits.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def scene(rng, index):
    """Blocks of classes, logits that favour each block's class with noise, and two planted errors."""
    truth = np.zeros((H, W), dtype=np.int64)
    for k in range(6):
        y0, x0 = rng.integers(0, H - 6), rng.integers(0, W - 6)
        truth[y0:y0 + rng.integers(4, 10), x0:x0 + rng.integers(4, 12)] = rng.integers(0, C)
    logits = rng.normal(0, 1.0, (1, C, H, W)).astype(np.float32)
    for c in range(C):
        logits[0, c][truth == c] += np.float32(3.0)
    labels = truth.copy()
    # planted errors: a patch labelled as another class than the one the logits favour
    for (y0, x0, h, w) in [(2 + index, 3, 4, 5), (14, 18 - index, 3, 6)]:
        labels[y0:y0 + h, x0:x0 + w] = (truth[y0:y0 + h, x0:x0 + w] + 1 + index) % C
    return logits, labels[None].astype(np.uint8)


def write(folder, name, logits, labels, issues):
    np.save(os.path.join(folder, name + "_logits.npy"), logits)
    np.save(os.path.join(folder, name + "_labels.npy"), labels)
    np.save(os.path.join(folder, name + "_expected_issues.npy"), issues.astype(np.uint8))


def searched(rng):
    """The images stacked, their probabilities, and cleanlab's flags, image scores and thresholds."""
    data = [scene(rng, i) for i in range(len(IMAGES))]
    logits = np.concatenate([d[0] for d in data])
    labels = np.concatenate([d[1] for d in data]).astype(np.int64)
    probs = softmax64(logits)
    issues = find_label_issues(labels, probs, n_jobs=1, verbose=False)
    scores, _ = get_label_quality_scores(labels, probs, n_jobs=1, verbose=False)
    thresholds = get_confident_thresholds(labels.reshape(-1), np.moveaxis(probs, 1, -1).reshape(-1, C))
    return logits, labels, probs, issues, scores, thresholds


def plain(folder, rng):
    os.makedirs(folder, exist_ok=True)
    logits, labels, probs, issues, scores, thresholds = searched(rng)
    common = common_label_issues(issues, labels, probs, verbose=False)
    for i, name in enumerate(IMAGES):
        write(folder, name, logits[i:i + 1], labels[i:i + 1].astype(np.uint8), issues[i:i + 1])
    expected = {
        "thresholds": [float(t) for t in thresholds],
        "flaggedPixels": int(issues.sum()),
        "quality": {name: float(scores[i]) for i, name in enumerate(IMAGES)},
        "common": [{"given": int(r.given_label), "predicted": int(r.predicted_label), "pixels": int(r.num_pixel_issues)}
                   for r in common.itertuples()],
    }
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def with_ignored(folder, rng):
    os.makedirs(folder, exist_ok=True)
    data = [scene(rng, i) for i in range(len(IMAGES))]
    logits = np.concatenate([d[0] for d in data])
    labels = np.concatenate([d[1] for d in data]).astype(np.int64)
    # a border and a block left out, one of them over a planted error
    labels[:, :, :2] = 255
    labels[:, 14:17, 18:22] = 255
    probs = softmax64(logits)
    keep = labels != 255
    flat_labels = labels[keep]
    flat_probs = np.moveaxis(probs, 1, -1)[keep]
    thresholds = get_confident_thresholds(flat_labels, flat_probs)
    inspector = LabelInspector(num_class=C, verbose=False, n_jobs=1)
    inspector.update_confident_thresholds(flat_labels, flat_probs)
    self_confidence = inspector.score_label_quality(flat_labels, flat_probs)
    top = find_top_issues(self_confidence, top=inspector.get_num_issues(silent=True))
    flat_issues = np.zeros(len(flat_labels), dtype=bool)
    flat_issues[top] = True
    flat_issues &= flat_probs.argmax(axis=1) != flat_labels
    issues = np.zeros(labels.shape, dtype=bool)
    issues[keep] = flat_issues
    quality = {}
    for i, name in enumerate(IMAGES):
        mine = keep[i]
        s = probs[i][labels[i].clip(0, C - 1), np.arange(H)[:, None], np.arange(W)][mine]
        quality[name] = float(_get_label_quality_per_image(s, method="softmin", temperature=0.1))
        write(folder, name, logits[i:i + 1], labels[i:i + 1].astype(np.uint8), issues[i:i + 1])
    pairs = {}
    predicted = probs.argmax(axis=1)
    for n, y, x in zip(*np.nonzero(issues)):
        key = (int(labels[n, y, x]), int(predicted[n, y, x]))
        pairs[key] = pairs.get(key, 0) + 1
    expected = {
        "thresholds": [float(t) for t in thresholds],
        "flaggedPixels": int(issues.sum()),
        "quality": quality,
        "common": [{"given": g, "predicted": p, "pixels": n} for (g, p), n in sorted(pairs.items(), key=lambda kv: -kv[1])],
    }
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def downsampled(folder, rng, factor=2):
    os.makedirs(folder, exist_ok=True)
    data = []
    for i in range(len(IMAGES)):
        logits, labels = scene(rng, i)
        # the labels of each 2 x 2 block made one: its top left pixel's
        blocky = labels[:, ::factor, ::factor].repeat(factor, axis=1).repeat(factor, axis=2)
        data.append((logits, blocky))
    logits = np.concatenate([d[0] for d in data])
    labels = np.concatenate([d[1] for d in data]).astype(np.int64)
    probs = softmax64(logits)
    issues = find_label_issues(labels, probs, downsample=factor, n_jobs=1, verbose=False)
    scores, _ = get_label_quality_scores(labels, probs, n_jobs=1, verbose=False)
    for i, name in enumerate(IMAGES):
        write(folder, name, logits[i:i + 1], labels[i:i + 1].astype(np.uint8), issues[i:i + 1])
    expected = {
        "downsample": factor,
        "flaggedPixels": int(issues.sum()),
        "quality": {name: float(scores[i]) for i, name in enumerate(IMAGES)},
    }
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


def batch(folder, rng):
    os.makedirs(folder, exist_ok=True)
    logits, labels, probs, issues, scores, thresholds = searched(rng)
    write(folder, "ab", logits[0:2], labels[0:2].astype(np.uint8), issues[0:2])
    write(folder, "c", logits[2:3], labels[2:3].astype(np.uint8), issues[2:3])
    expected = {
        "thresholds": [float(t) for t in thresholds],
        "flaggedPixels": int(issues.sum()),
        "samples": {"ab": [{"quality": float(scores[i]), "flaggedPixels": int(issues[i].sum())} for i in range(2)]},
        "quality": {"c": float(scores[2])},
    }
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/label-issues"
    plain(os.path.join(out, "plain"), np.random.default_rng(19))
    with_ignored(os.path.join(out, "ignored"), np.random.default_rng(23))
    downsampled(os.path.join(out, "downsample2"), np.random.default_rng(29))
    batch(os.path.join(out, "batch"), np.random.default_rng(31))
