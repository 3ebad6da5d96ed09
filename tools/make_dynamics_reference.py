#!/usr/bin/python3
"""Golden training-dynamics figures (dataset cartography per pixel) for `focalscope dynamics`:
a float64 reference of the product's definitions, written with numpy alone.

    /usr/bin/python3 tools/make_dynamics_reference.py src/test/resources/dynamics

Writes, into OUT:

  run/epoch_1/ .. run/epoch_11/  NAME.npy, float32 logits [C, H, W] of each image at that epoch. The
                                 names sort wrongly as plain strings (epoch_10 and epoch_11 before
                                 epoch_2): the product orders epochs naturally, 1, 2, .., 9, 10, 11
  run/labels/NAME.npy            uint8 labels [H, W], 255 ignored, the same at every epoch
  run.csv                        the same run as a listing, `epoch,logits,labels`, one row per (epoch,
                                 image), paths relative to the CSV's folder, rows shuffled (the
                                 product sorts the epochs itself)
  expected.json                  each image's figures (`images`) and the dataset's (`dataset`, over all
                                 the labelled pixels of all the images, with the class counts and the
                                 enet weights)
  expected/NAME_confidence.npy, NAME_variability.npy, NAME_correctness.npy, NAME_forgetting.npy
                                 float64 maps [H, W], NaN where ignored

For each labelled pixel, p_e the float64 softmax of its float32 logits at epoch e and y its label:
confidence the mean of p_e[y], variability their population standard deviation (over E), correctness
the share of epochs where argmax p_e == y (numpy's argmax: the first index on ties), forgetting the
number of e < E-1 right at e and wrong at e+1; hard when confidence < 0.25 and variability < 0.1. The
focal loss of a pixel is -w_y (1 - p_t)^2 log p_t, log p_t the log_softmax, (1 - p_t) written
-expm1(log p_t) as in make_dataset_reference.py; lossByEpoch is its sum over the labelled pixels over
their number, unweighted (`none`) and with the enet weights 1 / ln(1.10 + n_c / sum n) of the whole
dataset's class counts (`enet`).

Three images of 5 classes, 16 x 24, labels blocks of 4 x 4 with a few ignored pixels, their logits
learning: the label's logit margin grows from about 0 at epoch 1 to about 4 at epoch 11, with noise.
Each holds one planted region:

  car     a wrong-label patch (4 x 5) labelled 0 where the logits favour class 3 strongly at every
          epoch: p[y] stays small and steady, low confidence and low variability, the hard pixels
  street  an ambiguous region (4 x 6) whose logits favour the label at odd epochs and another class at
          even ones: the highest variability and forgetting (5 per pixel: right at 1, 3, .., 11)
  blurry  pixels whose label's logit is exactly tied (in float32) with a lower-index class's, both the
          largest, at epochs 4 and 8: argmax picks the lower index and the pixel counts as wrong there
"""
import json
import os
import sys

import numpy as np

C, H, W = 5, 16, 24
EPOCHS = 11
IGNORE = 255
GAMMA = 2
HARD_CONFIDENCE = 0.25
HARD_VARIABILITY = 0.1
NAMES = ["car", "street", "blurry"]
CAR_PATCH = (slice(2, 6), slice(3, 8))         # 4 x 5
STREET_REGION = (slice(8, 12), slice(12, 18))  # 4 x 6
BLURRY_TIE_EPOCHS = [4, 8]                     # 1-based


def epoch_names():
    return ["epoch_%d" % e for e in range(1, EPOCHS + 1)]


def softmax64(z):
    """z [E, C, ...] float32 -> float64 probabilities over axis 1."""
    z = z.astype(np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_softmax64(z):
    z = z.astype(np.float64)
    m = z.max(axis=1, keepdims=True)
    s = z - m
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def learning(rng, labels):
    """[E, C, H, W] float64 logits whose margin for the label grows from ~0 to ~4 over the epochs."""
    z = rng.normal(0.0, 0.5, (EPOCHS, C, H, W))
    onehot = (np.arange(C)[:, None, None] == labels[None]).astype(np.float64)  # ignored: no class
    speed = rng.normal(1.0, 0.1, (H, W))                                         # each pixel's pace
    for e in range(EPOCHS):
        margin = 4.0 * e / (EPOCHS - 1) * speed + rng.normal(0.0, 0.3, (H, W))
        z[e] += onehot * margin
    return z


def blocks(rng):
    return rng.integers(0, C, (H // 4, W // 4)).repeat(4, axis=0).repeat(4, axis=1).astype(np.uint8)


def make_images(rng):
    images, regions = {}, {}

    labels = blocks(rng)
    labels[0, 10:16] = IGNORE
    labels[13, 20] = IGNORE
    z = learning(rng, labels)
    labels[CAR_PATCH] = 0                           # wrong: the logits say 3
    z[:, :, CAR_PATCH[0], CAR_PATCH[1]] = rng.normal(0.0, 0.3, (EPOCHS, C, 4, 5))
    z[:, 3, CAR_PATCH[0], CAR_PATCH[1]] += 5.0
    images["car"] = (z.astype(np.float32), labels)
    regions["car"] = np.zeros((H, W), bool)
    regions["car"][CAR_PATCH] = True

    labels = blocks(rng)
    labels[14:16, 0:3] = IGNORE
    labels[5, 7] = IGNORE
    z = learning(rng, labels)
    y = labels[STREET_REGION].astype(np.int64)
    other = (y + 1 + rng.integers(0, C - 1, y.shape)) % C  # any class but the label
    sub = rng.normal(0.0, 0.3, (EPOCHS, C) + y.shape)
    for e in range(EPOCHS):
        winner = y if e % 2 == 0 else other           # epoch 1 (e = 0) favours the label
        sub[e][winner, np.arange(4)[:, None], np.arange(6)[None, :]] += 3.0
    z[:, :, STREET_REGION[0], STREET_REGION[1]] = sub
    images["street"] = (z.astype(np.float32), labels)
    regions["street"] = np.zeros((H, W), bool)
    regions["street"][STREET_REGION] = True

    labels = blocks(rng)
    labels[rng.random((H, W)) < 0.02] = IGNORE
    z = learning(rng, labels).astype(np.float32)
    candidates = np.argwhere((labels > 0) & (labels != IGNORE))
    tied = candidates[rng.choice(len(candidates), 12, replace=False)]
    region = np.zeros((H, W), bool)
    for i, j in tied:
        y = int(labels[i, j])
        lower = int(rng.integers(0, y))
        for e in BLURRY_TIE_EPOCHS:
            col = z[e - 1, :, i, j]
            top = np.float32(col.max() + np.float32(1.0))
            col[y] = top
            col[lower] = top
            assert z[e - 1, y, i, j] == z[e - 1, lower, i, j]
        region[i, j] = True
    images["blurry"] = (z, labels)
    regions["blurry"] = region
    return images, regions


def per_pixel(z, labels):
    """Maps [H, W] (NaN where ignored) and the focal terms [E, H, W] (0 where ignored)."""
    keep = labels != IGNORE
    y = np.where(keep, labels, 0).astype(np.int64)
    p = softmax64(z)
    py = np.take_along_axis(p, y[None, None], axis=1)[:, 0]          # [E, H, W]
    logpt = np.take_along_axis(log_softmax64(z), y[None, None], axis=1)[:, 0]
    right = p.argmax(axis=1) == y[None]
    confidence = py.mean(axis=0)
    variability = py.std(axis=0)
    correctness = right.mean(axis=0)
    forgetting = (right[:-1] & ~right[1:]).sum(axis=0).astype(np.float64)
    maps = {}
    for key, m in [("confidence", confidence), ("variability", variability),
                   ("correctness", correctness), ("forgetting", forgetting)]:
        maps[key] = np.where(keep, m, np.nan)
    focal = -(-np.expm1(logpt)) ** GAMMA * logpt
    return maps, np.where(keep[None], focal, 0.0), y, keep


def figures(maps, keep, focal_sums, n):
    hard = (maps["confidence"] < HARD_CONFIDENCE) & (maps["variability"] < HARD_VARIABILITY) & keep
    out = {"labelled": int(keep.sum()), "ignored": int((~keep).sum())}
    for key in ["confidence", "variability", "correctness", "forgetting"]:
        out[key] = float(maps[key][keep].mean())
    out["hardPixels"] = int(hard.sum())
    out["lossByEpoch"] = {k: [float(s / n) for s in v] for k, v in focal_sums.items()}
    return out, hard


def save(path, array):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, array)


def main(out):
    rng = np.random.default_rng(2024)
    images, regions = make_images(rng)
    epochs = epoch_names()
    for name, (z, labels) in images.items():
        assert z.dtype == np.float32 and z.shape == (EPOCHS, C, H, W)
        for e, epoch in enumerate(epochs):
            save(os.path.join(out, "run", epoch, name + ".npy"), np.ascontiguousarray(z[e]))
        save(os.path.join(out, "run", "labels", name + ".npy"), labels)

    rows = [(epoch, "run/%s/%s.npy" % (epoch, name), "run/labels/%s.npy" % name)
            for epoch in epochs for name in NAMES]
    rows = [rows[i] for i in rng.permutation(len(rows))]
    with open(os.path.join(out, "run.csv"), "w") as f:
        f.write("epoch,logits,labels\n")
        for row in rows:
            f.write(",".join(row) + "\n")

    counts = np.zeros(C, np.int64)
    for z, labels in images.values():
        counts += np.bincount(labels[labels != IGNORE], minlength=C)[:C]
    assert (counts > 0).all(), counts
    weights = {"none": np.ones(C), "enet": 1.0 / np.log(1.10 + counts / counts.sum())}

    expected = {"epochs": epochs, "gamma": GAMMA, "ignoreIndex": IGNORE, "hardConfidence": HARD_CONFIDENCE,
                "hardVariability": HARD_VARIABILITY, "classes": C, "images": {}}
    all_maps = {k: [] for k in ["confidence", "variability", "correctness", "forgetting"]}
    all_keep, total_sums, hard_total = [], {k: np.zeros(EPOCHS) for k in weights}, 0
    for name in NAMES:
        z, labels = images[name]
        maps, focal, y, keep = per_pixel(z, labels)
        sums = {k: (focal * w[y][None]).sum(axis=(1, 2)) for k, w in weights.items()}
        fig, hard = figures(maps, keep, sums, keep.sum())
        expected["images"][name] = fig
        for key, m in maps.items():
            save(os.path.join(out, "expected", "%s_%s.npy" % (name, key)), m)
            all_maps[key].append(m)
        all_keep.append(keep)
        for k in sums:
            total_sums[k] += sums[k]
        hard_total += fig["hardPixels"]

        region = regions[name]
        print("%-7s labelled %3d ignored %2d  confidence %.4f variability %.4f correctness %.4f "
              "forgetting %.4f hardPixels %d" % (name, fig["labelled"], fig["ignored"], fig["confidence"],
                                                 fig["variability"], fig["correctness"], fig["forgetting"],
                                                 fig["hardPixels"]))
        print("        planted region (%d px): confidence %.4f variability %.4f correctness %.4f "
              "forgetting %.4f hard %d; hard outside it %d"
              % (region.sum(), maps["confidence"][region].mean(), maps["variability"][region].mean(),
                 maps["correctness"][region].mean(), maps["forgetting"][region].mean(),
                 (hard & region).sum(), (hard & ~region).sum()))
        regions[name] = (region, maps, hard)

    keep = np.stack(all_keep)
    n = int(keep.sum())
    dataset = {"labelled": n, "ignored": int((~keep).sum())}
    for key, ms in all_maps.items():
        dataset[key] = float(np.stack(ms)[keep].mean())
    dataset["hardPixels"] = hard_total
    dataset["lossByEpoch"] = {k: [float(s / n) for s in v] for k, v in total_sums.items()}
    dataset["enetWeights"] = [float(w) for w in weights["enet"]]
    dataset["counts"] = [int(c) for c in counts]
    expected["dataset"] = dataset
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
    print("dataset labelled %d confidence %.4f variability %.4f correctness %.4f forgetting %.4f hardPixels %d"
          % (n, dataset["confidence"], dataset["variability"], dataset["correctness"], dataset["forgetting"],
             hard_total))
    print("counts", dataset["counts"], "enet", ["%.4f" % w for w in dataset["enetWeights"]])

    # what the planted regions are there for
    car_region, car_maps, car_hard = regions["car"]
    assert car_hard[car_region].all(), "every pixel of car's patch is hard"
    outside = sum(int((h & ~r).sum()) for r, _, h in regions.values())
    assert outside <= 3, "few hard pixels besides car's patch: %d" % outside
    street_region, street_maps, _ = regions["street"]
    street_var = street_maps["variability"][street_region].mean()
    for name in ["car", "blurry"]:
        r, m, _ = regions[name]
        assert street_var > m["variability"][r].mean() and street_var > np.nanmean(m["variability"]), name
    assert (street_maps["forgetting"][street_region] == 5).all()
    blurry_region, blurry_maps, _ = regions["blurry"]
    z, labels = images["blurry"]
    right = softmax64(z).argmax(axis=1) == np.where(labels != IGNORE, labels, 0)[None]
    for e in BLURRY_TIE_EPOCHS:
        assert not right[e - 1][blurry_region].any(), "a tie goes to the lower index"


if __name__ == "__main__":
    main(sys.argv[1])
