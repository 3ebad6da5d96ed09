"""Tests of tools/focalscope_dump.py, on a tiny torch conv model over random inputs. From the
repository root:

    /usr/bin/python3 -m unittest tools/test_focalscope_dump.py

(or, from tools/, /usr/bin/python3 -m unittest test_focalscope_dump).
"""
import os
import sys
import tempfile
import unittest
from unittest import mock

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import focalscope_dump  # noqa: E402
from focalscope_dump import dump_epoch  # noqa: E402

B, CIN, C, H, W = 3, 2, 4, 6, 7
EPOCHS = 3
NAMES = ["alpha", "bravo", "charlie"]


def model_and_data(seed=0):
    g = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    model = torch.nn.Conv2d(CIN, C, 3, padding=1)
    images = torch.randn(B, CIN, H, W, generator=g)
    labels = torch.randint(0, C, (B, H, W), generator=g)
    labels[:, 0, :2] = 255  # ignored pixels
    return model, images, labels


def files(root):
    """Every file under root, hidden ones (temporaries) too, relative to it."""
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs)


class DumpEpochTest(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.out = self._tmp.name

    def tearDown(self):
        self._tmp.cleanup()

    def run_epochs(self, names=NAMES, **options):
        """Three validation epochs, the model trained a little between them; the logits of each."""
        model, images, labels = model_and_data()
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        seen, written = [], []
        for epoch in range(1, EPOCHS + 1):
            model.eval()
            with torch.no_grad():
                logits = model(images)
                written.append(dump_epoch(self.out, epoch, names, logits, labels, **options))
            seen.append(logits.numpy().copy())
            model.train()
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(images), labels, ignore_index=255).backward()
            opt.step()
        return seen, labels.numpy(), written

    def test_layout_shapes_and_float32(self):
        seen, labels, written = self.run_epochs()
        expected = ["epoch_%04d/%s.npy" % (e, n) for e in range(1, EPOCHS + 1) for n in NAMES]
        expected += ["labels/%s.npy" % n for n in NAMES]
        self.assertEqual(files(self.out), sorted(expected))
        self.assertEqual(sorted(os.path.relpath(p, self.out) for w in written for p in w), sorted(expected))
        for e in range(EPOCHS):
            for i, n in enumerate(NAMES):
                z = np.load(os.path.join(self.out, "epoch_%04d" % (e + 1), n + ".npy"))
                self.assertEqual(z.dtype, np.dtype("<f4"))
                self.assertEqual(z.shape, (C, H, W))
                self.assertTrue(z.flags.c_contiguous)
                np.testing.assert_array_equal(z, seen[e][i])
        self.assertFalse(np.array_equal(seen[0], seen[-1]), "the model learnt between epochs")

    def test_labels_written_once_as_uint8(self):
        _, labels, written = self.run_epochs()
        label_paths = [p for w in written for p in w if os.sep + "labels" + os.sep in p]
        self.assertEqual(len(label_paths), len(NAMES))
        self.assertTrue(all("labels" in p for p in written[0][1::2]))
        self.assertTrue(all("labels" not in p for w in written[1:] for p in w))
        for i, n in enumerate(NAMES):
            y = np.load(os.path.join(self.out, "labels", n + ".npy"))
            self.assertEqual(y.dtype, np.uint8)
            self.assertEqual(y.shape, (H, W))
            np.testing.assert_array_equal(y, labels[i])

    def test_labels_beyond_uint8_are_int32(self):
        z = np.zeros((2, C, H, W), np.float32)
        y = np.zeros((2, H, W), np.int64)
        y[0, 0, 0] = -1
        y[1, 0, 0] = 300
        dump_epoch(self.out, 1, ["neg", "big"], z, y)
        for i, n in enumerate(["neg", "big"]):
            stored = np.load(os.path.join(self.out, "labels", n + ".npy"))
            self.assertEqual(stored.dtype, np.dtype("<i4"))
            np.testing.assert_array_equal(stored, y[i])

    def test_half(self):
        seen, _, _ = self.run_epochs(half=True)
        for e in range(EPOCHS):
            for i, n in enumerate(NAMES):
                z = np.load(os.path.join(self.out, "epoch_%04d" % (e + 1), n + ".npy"))
                self.assertEqual(z.dtype, np.dtype("<f2"))
                self.assertEqual(z.shape, (C, H, W))
                # round to nearest: within half an ulp of float16
                np.testing.assert_allclose(z.astype(np.float32), seen[e][i], rtol=2.0 ** -11, atol=2.0 ** -25)
                np.testing.assert_array_equal(z, seen[e][i].astype(np.float16))

    def test_compress(self):
        seen, _, _ = self.run_epochs(compress=True)
        self.assertTrue(all(f.endswith(".npz") for f in files(self.out) if f.startswith("epoch_")))
        for e in range(EPOCHS):
            for i, n in enumerate(NAMES):
                with np.load(os.path.join(self.out, "epoch_%04d" % (e + 1), n + ".npz")) as npz:
                    self.assertEqual(list(npz.keys()), ["logits"])
                    z = npz["logits"]
                self.assertEqual(z.dtype, np.float32)
                np.testing.assert_array_equal(z, seen[e][i])
        self.assertTrue(os.path.isfile(os.path.join(self.out, "labels", "alpha.npy")))

    def test_compress_and_half(self):
        seen, _, _ = self.run_epochs(compress=True, half=True)
        with np.load(os.path.join(self.out, "epoch_0002", "bravo.npz")) as npz:
            np.testing.assert_array_equal(npz["logits"], seen[1][1].astype(np.float16))

    def test_changed_labels_refused(self):
        model, images, labels = model_and_data()
        with torch.no_grad():
            logits = model(images)
        dump_epoch(self.out, 1, NAMES, logits, labels)
        before = files(self.out)
        changed = labels.clone()
        changed[1, 3, 3] = (changed[1, 3, 3] + 1) % C
        with self.assertRaises(ValueError) as caught:
            dump_epoch(self.out, 2, NAMES, logits, changed)
        self.assertIn("'bravo'", str(caught.exception))
        self.assertIn("epoch 2", str(caught.exception))
        self.assertEqual(files(self.out), before, "nothing written by a refused call")
        np.testing.assert_array_equal(np.load(os.path.join(self.out, "labels", "bravo.npy")), labels[1].numpy())

    def test_sub_folders(self):
        names = ["city/a", "city/b", "rural/x/c"]
        self.run_epochs(names=names)
        self.assertIn(os.path.join("epoch_0003", "rural", "x", "c.npy"), files(self.out))
        self.assertIn(os.path.join("labels", "city", "b.npy"), files(self.out))
        self.assertEqual(len(files(self.out)), EPOCHS * 3 + 3)

    def test_bad_names_refused(self):
        z = np.zeros((1, C, H, W), np.float32)
        y = np.zeros((1, H, W), np.uint8)
        for name in ["..", "../escape", "a/../../b", "a/..", "/abs", "/tmp/abs", "", "a//b", "a/./b", "..\\up"]:
            with self.subTest(name=name), self.assertRaises(ValueError):
                dump_epoch(self.out, 1, [name], z, y)
        with self.assertRaisesRegex(ValueError, "absolute"):
            dump_epoch(self.out, 1, ["/tmp/abs"], z, y)
        self.assertEqual(files(self.out), [])

    def test_inputs_unmodified(self):
        model, images, labels = model_and_data()
        logits = model(images)  # with grad, not under no_grad
        self.assertTrue(logits.requires_grad)
        logits_before, labels_before = logits.detach().clone(), labels.clone()
        dump_epoch(self.out, 1, NAMES, logits, labels, half=True)
        dump_epoch(self.out, 2, NAMES, logits, labels)
        self.assertTrue(torch.equal(logits.detach(), logits_before))
        self.assertEqual(logits.dtype, torch.float32)
        self.assertTrue(torch.equal(labels, labels_before))
        self.assertEqual(labels.dtype, torch.int64)
        arrays = logits.detach().numpy().copy(), labels.numpy().astype(np.uint8)
        copies = arrays[0].copy(), arrays[1].copy()
        dump_epoch(self.out, 3, NAMES, *arrays)
        np.testing.assert_array_equal(arrays[0], copies[0])
        np.testing.assert_array_equal(arrays[1], copies[1])

    def test_non_contiguous_and_other_dtypes(self):
        model, images, labels = model_and_data()
        with torch.no_grad():
            logits = model(images)
        odd = logits.to(memory_format=torch.channels_last)
        self.assertFalse(odd.is_contiguous())
        dump_epoch(self.out, 1, NAMES, odd, labels.to(torch.uint8))
        dump_epoch(self.out, 2, NAMES, logits.to(torch.bfloat16), labels)
        dump_epoch(self.out, 3, NAMES, logits.double().numpy(), labels.numpy())
        np.testing.assert_array_equal(np.load(os.path.join(self.out, "epoch_0001", "alpha.npy")), logits[0].numpy())
        z = np.load(os.path.join(self.out, "epoch_0002", "alpha.npy"))
        self.assertEqual(z.dtype, np.float32)
        np.testing.assert_array_equal(z, logits[0].to(torch.bfloat16).float().numpy())
        np.testing.assert_array_equal(np.load(os.path.join(self.out, "epoch_0003", "charlie.npy")), logits[2].numpy())

    @unittest.skipUnless(torch.cuda.is_available(), "no CUDA device")
    def test_cuda(self):
        model, images, labels = model_and_data()
        model = model.cuda()
        with torch.no_grad():
            logits = model(images.cuda())
        dump_epoch(self.out, 1, NAMES, logits, labels.cuda())
        np.testing.assert_array_equal(np.load(os.path.join(self.out, "epoch_0001", "bravo.npy")),
                                      logits[1].cpu().numpy())

    def test_bad_shapes_refused(self):
        z = np.zeros((2, C, H, W), np.float32)
        for args in [(["a"], z, np.zeros((2, H, W), np.uint8)),            # one name for two images
                     (["a", "b"], z, np.zeros((2, H, W + 1), np.uint8)),   # other size
                     (["a", "b"], z[0], np.zeros((2, H, W), np.uint8)),    # no batch axis
                     (["a", "b"], z, np.zeros((2, H, W), np.float32)),     # float labels
                     (["a", "a"], z, np.zeros((2, H, W), np.uint8))]:      # one name twice
            with self.assertRaises(ValueError):
                dump_epoch(self.out, 1, *args)
        self.assertEqual(files(self.out), [])

    def test_crash_mid_write_leaves_no_file(self):
        z = np.ones((2, C, H, W), np.float32)
        y = np.zeros((2, H, W), np.uint8)
        real_save = np.save
        calls = []

        def crashing_save(f, array):
            calls.append(1)
            if len(calls) == 3:  # the second image's logits: half of the bytes, then a crash
                f.write(b"\x93NUMPY half")
                raise KeyboardInterrupt
            real_save(f, array)

        with mock.patch.object(focalscope_dump.np, "save", crashing_save), self.assertRaises(KeyboardInterrupt):
            dump_epoch(self.out, 1, ["a", "b"], z, y)
        # the first image whole, nothing of the second, no temporary left
        self.assertEqual(files(self.out), [os.path.join("epoch_0001", "a.npy"), os.path.join("labels", "a.npy")])
        dump_epoch(self.out, 1, ["a", "b"], z, y)  # the next try writes everything
        self.assertEqual(files(self.out), sorted(os.path.join(d, n + ".npy") for d in ["epoch_0001", "labels"]
                                                 for n in "ab"))

    def test_rewriting_an_epoch_replaces_it(self):
        z = np.zeros((1, C, H, W), np.float32)
        y = np.zeros((1, H, W), np.uint8)
        dump_epoch(self.out, 1, ["a"], z, y)
        self.assertEqual(dump_epoch(self.out, 1, ["a"], z + 1, y), [os.path.join(self.out, "epoch_0001", "a.npy")])
        np.testing.assert_array_equal(np.load(os.path.join(self.out, "epoch_0001", "a.npy")), z[0] + 1)


if __name__ == "__main__":
    unittest.main()
