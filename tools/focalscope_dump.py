"""Write a validation loop's logits and labels, once per epoch, in the layout `focalscope dynamics`
reads (training dynamics: dataset cartography per pixel).

    OUT/epoch_0001/NAME.npy   logits [C, H, W], float32 (float16 with half=True; NAME.npz, key
                              `logits`, with compress=True)
    OUT/epoch_0002/NAME.npy   ...
    OUT/labels/NAME.npy       labels [H, W], uint8 when every value of the image fits 0..255, else
                              int32; written at the first epoch, checked against at the later ones

Each file is written under a temporary name beside it and renamed over it, so that a crash
mid-epoch leaves no half-written file.

Usage, inside a validation loop (no augmentation: the labels must not change between epochs):

    from focalscope_dump import dump_epoch
    model.eval()
    with torch.no_grad():
        for images, labels, names in val_loader:
            logits = model(images.cuda())
            dump_epoch("runs/dynamics", epoch, names, logits, labels)

and after training:

    focalscope dynamics runs/dynamics --labels-dir runs/dynamics/labels

numpy is the only requirement; torch tensors (on any device, with or without grad) and numpy
arrays are both accepted, and never modified.
"""
import operator
import os
import secrets

import numpy as np

__all__ = ["dump_epoch"]


def _numpy(x):
    """A numpy array of a torch tensor (detached, on the CPU) or of anything array-like."""
    if hasattr(x, "detach"):
        x = x.detach().cpu()
        if x.dtype.is_floating_point:
            x = x.float()  # numpy has no bfloat16
        x = x.numpy()
    return np.asarray(x)


def _parts(name):
    """The folders and file name of an image's name; refuses what would leave the output folder."""
    if not isinstance(name, str) or not name:
        raise ValueError("image name %r: a non-empty string is needed" % (name,))
    parts = name.replace("\\", "/").split("/")
    if os.path.isabs(name) or name.startswith(("/", "\\")) or os.path.splitdrive(name)[0]:
        raise ValueError("image name %r: absolute names are refused" % name)
    if any(p in ("", ".", "..") for p in parts):
        raise ValueError("image name %r: empty, '.' and '..' components are refused" % name)
    return parts


def _write(path, save):
    """save(file) into a temporary file beside path, then renamed over it: no half-written file."""
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, ".%s.%s.tmp" % (os.path.basename(path), secrets.token_hex(4)))
    try:
        with open(tmp, "xb") as f:
            save(f)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def dump_epoch(out_dir, epoch, names, logits, labels, *, half=False, compress=False):
    """Writes each image's logits [C, H, W] of this epoch and, the first time, its labels [H, W].

    epoch: an int, 1 writing epoch_0001. logits [B, C, H, W] and labels [B, H, W] (integers): torch
    tensors or numpy arrays. names: B strings, '/' (or '\\') making sub-folders; '..' components and
    absolute names are refused (ValueError). Labels written before must equal the new ones
    (ValueError naming the image and the epoch otherwise). Nothing is written when a check fails.
    Returns the paths written.
    """
    epoch = operator.index(epoch)
    if epoch < 0:
        raise ValueError("epoch %d: negative" % epoch)
    names = list(names)
    z, y = _numpy(logits), _numpy(labels)
    if z.ndim != 4 or y.ndim != 3 or z.shape[0] != len(names) or y.shape != z.shape[:1] + z.shape[2:]:
        raise ValueError("logits %s and labels %s for %d names: [B, C, H, W] and [B, H, W] are needed"
                         % (z.shape, y.shape, len(names)))
    if not np.issubdtype(y.dtype, np.integer):
        raise ValueError("labels of dtype %s: integers are needed" % y.dtype)
    if len(set(names)) != len(names):
        raise ValueError("image names repeated in one batch: %s" % names)
    if y.size and (y.min() < np.iinfo(np.int32).min or y.max() > np.iinfo(np.int32).max):
        raise ValueError("labels beyond int32")

    epoch_dir = os.path.join(out_dir, "epoch_%04d" % epoch)
    plans = []  # (logits path, labels path or None when written before, index): checked before writing
    for i, name in enumerate(names):
        parts = _parts(name)
        label_path = os.path.join(out_dir, "labels", *parts) + ".npy"
        if os.path.exists(label_path):
            old = np.load(label_path)
            if old.shape != y[i].shape or not np.array_equal(old, y[i]):
                raise ValueError("labels of image %r at epoch %d differ from those written before (%s): "
                                 "labels must not change between epochs" % (name, epoch, label_path))
            label_path = None
        plans.append((os.path.join(epoch_dir, *parts) + (".npz" if compress else ".npy"), label_path, i))

    written = []
    for path, label_path, i in plans:
        image = np.ascontiguousarray(z[i], dtype="<f2" if half else "<f4")
        if compress:
            _write(path, lambda f: np.savez_compressed(f, logits=image))
        else:
            _write(path, lambda f: np.save(f, image))
        written.append(path)
        if label_path is not None:
            fits = y[i].size == 0 or (y[i].min() >= 0 and y[i].max() <= 255)
            label = np.ascontiguousarray(y[i], dtype="u1" if fits else "<i4")
            _write(label_path, lambda f: np.save(f, label))
            written.append(label_path)
    return written
