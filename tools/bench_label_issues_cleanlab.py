#!/usr/bin/python3
"""The cleanlab figure `focalscope label-issues` is timed against (docs/label-issues.md).

    PYTHONPATH=/tmp/cleanlab-src /usr/bin/python3 tools/bench_label_issues_cleanlab.py make DIR [IMAGES [C H W]]
    PYTHONPATH=/tmp/cleanlab-src /usr/bin/python3 tools/bench_label_issues_cleanlab.py time DIR

"make" writes IMAGES (12) synthetic images NAME_logits.npy (float32 [1, C, H, W], 19 x 512 x 1024)
and NAME_labels.npy (uint8 [1, H, W]) with planted errors. "time" reads them, takes the softmax
(float32, as a network's output would be handed over), and times cleanlab's
segmentation.filter.find_label_issues plus segmentation.rank.get_label_quality_scores in this
process (n_jobs 1 and the default), printing JSON with the seconds and this process's peak
resident memory. How to get cleanlab's source: see tools/make_label_issues_reference.py.
"""
import json
import os
import resource
import sys
import time

import numpy as np


def make(folder, images, c, h, w):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(5)
    for i in range(images):
        truth = (np.arange(h)[:, None] // 64 * 7 + np.arange(w)[None, :] // 128 * 3) % c
        logits = rng.normal(0, 1.5, (1, c, h, w)).astype(np.float32)
        for k in range(c):
            logits[0, k][truth == k] += np.float32(4.0)
        labels = truth.copy()
        for _ in range(20):
            y0, x0 = rng.integers(0, h - 40), rng.integers(0, w - 40)
            labels[y0:y0 + 30, x0:x0 + 30] = rng.integers(0, c)
        np.save(os.path.join(folder, "im%02d_logits.npy" % i), logits)
        np.save(os.path.join(folder, "im%02d_labels.npy" % i), labels[None].astype(np.uint8))


def timed(folder):
    from cleanlab.segmentation.filter import find_label_issues
    from cleanlab.segmentation.rank import get_label_quality_scores
    names = sorted(f[:-len("_logits.npy")] for f in os.listdir(folder) if f.endswith("_logits.npy"))
    logits = np.concatenate([np.load(os.path.join(folder, n + "_logits.npy")) for n in names])
    labels = np.concatenate([np.load(os.path.join(folder, n + "_labels.npy")) for n in names]).astype(np.int64)
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    del e
    start = time.perf_counter()
    issues = find_label_issues(labels, probs, verbose=False)
    scores, _ = get_label_quality_scores(labels, probs, verbose=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"images": len(names), "cleanlabSeconds": round(seconds, 2), "flaggedPixels": int(issues.sum()),
                      "peakRssMb": int(peak)}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        args = [int(a) for a in sys.argv[3:]]
        make(sys.argv[2], *(args + [12, 19, 512, 1024][len(args):]))
    else:
        timed(sys.argv[2])
