#!/usr/bin/python3
"""What other libraries' focal losses return for the same logits and class-index labels, with
each library's defaults and reduction 'mean': the reference for `focalscope compute --peers`.

PyPI cannot be reached from focalscope's machines, so torchvision (Debian's python3-torchvision)
is called as it is, and the others are reimplemented here in torch, line by line from their
current sources (each function names the file and the version it follows), quirks included.
Each reimplementation is first checked against the constants of that library's own unit tests
(`self_check`); then the golden values are written:

    /usr/bin/python3 tools/peers_reference.py OUT.json CASE_DIR... [--gammas 0,2,5]

CASE_DIR holds logits.npy [N,C,H,W] and labels.npy [N,H,W]; 255 is the ignore index. Libraries
without an ignore index (MONAI, Keras) get ignored pixels as all-zero one-hot rows, as a user who
drops the ignore label when one-hot encoding would; torchvision gets the labelled pixels only.
"""
import json, os, sys
import numpy as np
import torch
import torch.nn.functional as F
import torchvision
from torchvision.ops import sigmoid_focal_loss

IGNORE = 255


def one_hot_rows(y, c):
    """[N,H,W] labels -> [N,C,H,W] one-hot, all-zero rows where ignored."""
    keep = y != IGNORE
    oh = F.one_hot(torch.where(keep, y, 0), c).permute(0, 3, 1, 2).to(torch.float64)
    return oh * keep.unsqueeze(1)


def kornia(x, y, gamma, ignore_index=IGNORE, alpha=None):
    """kornia/losses/focal.py focal_loss (kornia main, 2026-08, b4f5a78): one_hot (kornia/losses/one_hot.py,
    eps=1e-6: every non-target class gets 1e-6), ignored pixels masked, mean over N*C*H*W."""
    keep = y != ignore_index
    t = torch.where(keep, y, 0)
    c = x.shape[1]
    oh = F.one_hot(t, c).permute(0, 3, 1, 2).to(x.dtype)
    oh = oh * (1.0 - 1e-6) + 1e-6
    oh = oh * keep.unsqueeze(1)
    logp = x.log_softmax(1)
    loss = -torch.pow(1.0 - logp.exp(), gamma) * logp * oh
    if alpha is not None:
        loss = torch.tensor([1 - alpha] + [alpha] * (c - 1), dtype=x.dtype).view(-1, 1, 1) * loss
    return loss.mean(), loss.sum(1)


def monai_sigmoid(x, target, gamma, alpha=None):
    """monai/losses/focal_loss.py FocalLoss(gamma) (MONAI dev, 2025-06, d388d1c): input and target cast to
    float32, sigmoid_focal_loss, reduction mean over N*C*H*W."""
    x = x.float()
    t = target.float()
    loss = x - x * t - F.logsigmoid(x)
    invprobs = F.logsigmoid(-x * (t * 2 - 1))
    loss = (invprobs * gamma).exp() * loss
    if alpha is not None:
        loss = (t * alpha + (1 - t) * (1 - alpha)) * loss
    return loss.mean().double(), loss.sum(1).double()


def monai_softmax(x, target, gamma, alpha=None):
    """The same, FocalLoss(gamma, use_softmax=True): softmax_focal_loss, mean over N*C*H*W."""
    x = x.float()
    t = target.float()
    ls = x.log_softmax(1)
    loss = -(1 - ls.exp()).pow(gamma) * ls * t
    if alpha is not None:
        loss = torch.tensor([1 - alpha] + [alpha] * (t.shape[1] - 1)).view(-1, 1, 1) * loss
    return loss.mean().double(), loss.sum(1).double()


def smp(x, y, gamma, ignore_index=IGNORE):
    """segmentation_models_pytorch/losses/focal.py FocalLoss(mode='multiclass', gamma, ignore_index) (smp main,
    2026-08, 5006616): per class focal_loss_with_logits (_functional.py, alpha=None) over the labelled pixels,
    its mean, then the mean over the classes."""
    keep = y != ignore_index
    per_pixel = torch.zeros(y.shape, dtype=x.dtype)
    losses = []
    for c in range(x.shape[1]):
        t = (y == c).to(x.dtype)[keep]
        logpt = F.binary_cross_entropy_with_logits(x[:, c][keep], t, reduction="none")
        pt = torch.exp(-logpt)
        loss = (1.0 - pt).pow(gamma) * logpt
        losses.append(loss.mean())
        per_pixel[keep] += loss
    return torch.stack(losses).mean(), per_pixel


def mmseg(x, y, gamma, ignore_index=IGNORE, alpha=0.5):
    """mmseg/models/losses/focal_loss.py FocalLoss(gamma) (mmsegmentation main, 07cd6c9): on the CPU
    py_sigmoid_focal_loss with alpha 0.5, ignored pixels weighted 0 (valid_mask), weight_reduce_loss 'mean'
    over every element, N*H*W*C."""
    n, c, h, w = x.shape
    pred = x.transpose(0, 1).reshape(c, -1).transpose(0, 1)
    target = y.view(-1)
    valid = (target != ignore_index).view(-1, 1)
    target = torch.where(target == ignore_index, target.new_tensor(0), target)
    target = F.one_hot(target, num_classes=c).type_as(pred)
    ps = pred.sigmoid()
    one_minus_pt = (1 - ps) * target + ps * (1 - target)
    focal_weight = (alpha * target + (1 - alpha) * (1 - target)) * one_minus_pt.pow(gamma)
    loss = F.binary_cross_entropy_with_logits(pred, target, reduction="none") * focal_weight
    loss = loss * valid
    return loss.mean(), loss.sum(1).view(n, h, w)


def torchvision_peer(x, y, gamma, alpha=0.25):
    """torchvision.ops.sigmoid_focal_loss(alpha=0.25, gamma, reduction='mean') on the labelled pixels (Debian's
    torchvision, called as it is): one-vs-rest targets, mean over the labelled pixels' C channels."""
    keep = y != IGNORE
    oh = one_hot_rows(y, x.shape[1])
    xs = x.permute(0, 2, 3, 1)[keep]
    ts = oh.permute(0, 2, 3, 1)[keep]
    per = torch.zeros(y.shape, dtype=x.dtype)
    per[keep] = sigmoid_focal_loss(xs, ts, alpha=alpha, gamma=gamma, reduction="none").sum(1)
    return sigmoid_focal_loss(xs, ts, alpha=alpha, gamma=gamma, reduction="mean"), per


def keras(x, target, gamma, alpha=0.25, eps=1e-7):
    """keras/src/losses/losses.py categorical_focal_crossentropy via CategoricalFocalCrossentropy(from_logits=True,
    gamma) (Keras master, 2026-08, 3422977): softmax, p / sum p, clip to [1e-7, 1 - 1e-7], alpha 0.25 on every
    class, summed over the classes; the default reduction averages over every pixel, N*H*W."""
    p = x.softmax(1)
    p = p / p.sum(1, keepdim=True)
    p = p.clamp(eps, 1.0 - eps)
    cce = -target * torch.log(p)
    focal = torch.pow(1.0 - p, gamma) * alpha * cce
    per = focal.sum(1)
    return per.mean(), per


def peers(x, y, gamma):
    oh = one_hot_rows(y, x.shape[1])
    return {
        "kornia": kornia(x, y, gamma),
        "monai": monai_sigmoid(x, oh, gamma),
        "monaiSoftmax": monai_softmax(x, oh, gamma),
        "smp": smp(x, y, gamma),
        "mmseg": mmseg(x, y, gamma),
        "torchvision": torchvision_peer(x, y, gamma),
        "keras": keras(x, oh, gamma),
    }


# Binary ([N,1,H,W] logits, [N,H,W] 0/1 labels) and multi-label ([N,C,H,W] 0/1 masks) inputs: the sigmoid
# libraries' binary and multilabel modes. None where the library cannot be called on the inputs.

def sigmoid_targets(x, y):
    """The 0/1 targets [N,C,H,W] and which elements are labelled (not IGNORE)."""
    t = y.unsqueeze(1) if y.dim() == 3 else y
    keep = t != IGNORE
    return torch.where(keep, t, 0).to(x.dtype), keep


def torchvision_sigmoid(x, y, gamma):
    """torchvision.ops.sigmoid_focal_loss(alpha=0.25, gamma, reduction='mean') on the labelled elements, called as it is."""
    t, keep = sigmoid_targets(x, y)
    return sigmoid_focal_loss(x[keep], t[keep], alpha=0.25, gamma=gamma, reduction="mean")


def monai_sigmoid_masks(x, y, gamma):
    """MONAI FocalLoss(gamma) on the targets, an ignored element a 0 (MONAI takes no ignore index): monai_sigmoid."""
    t, _ = sigmoid_targets(x, y)
    return monai_sigmoid(x, t, gamma)[0]


def smp_focal_with_logits(output, target, gamma):
    """smp losses/_functional.py focal_loss_with_logits(alpha=None, reduction='mean') (smp main, 2026-08, 5006616)."""
    logpt = F.binary_cross_entropy_with_logits(output, target, reduction="none")
    pt = torch.exp(-logpt)
    return ((1.0 - pt).pow(gamma) * logpt).mean()


def smp_sigmoid(x, y, gamma):
    """smp FocalLoss(mode='binary', gamma, ignore_index=255): flattened, ignored elements filtered out, the mean;
    FocalLoss(mode='multilabel', gamma) with no ignore index (with one its per-channel indexing by the whole
    [N,C,H,W] mask fails): each channel's mean, then their mean. None where a multi-label element is ignored."""
    t, keep = sigmoid_targets(x, y)
    if y.dim() == 3:
        return smp_focal_with_logits(x.reshape(-1)[keep.reshape(-1)], t.reshape(-1)[keep.reshape(-1)], gamma)
    if not bool(keep.all()):
        return None
    return torch.stack([smp_focal_with_logits(x[:, c], t[:, c], gamma) for c in range(x.shape[1])]).mean()


def mmseg_masks(x, y, gamma, alpha=0.5):
    """mmseg FocalLoss(gamma) given [N,C,H,W] masks (original_shape == target.shape): py_sigmoid_focal_loss over
    every element, valid_mask all ones (the argmax of a mask is never 255), the mean. None where an element is
    ignored (its 255 would be a target; index labels on one channel fail in F.one_hot)."""
    t, keep = sigmoid_targets(x, y)
    if not bool(keep.all()):
        return None
    ps = x.sigmoid()
    one_minus_pt = (1 - ps) * t + ps * (1 - t)
    focal_weight = (alpha * t + (1 - alpha) * (1 - t)) * one_minus_pt.pow(gamma)
    return (F.binary_cross_entropy_with_logits(x, t, reduction="none") * focal_weight).mean()


def sigmoid_peers(x, y, gamma):
    out = {"torchvision": torchvision_sigmoid(x, y, gamma), "monai": monai_sigmoid_masks(x, y, gamma),
           "smp": smp_sigmoid(x, y, gamma), "mmseg": mmseg_masks(x, y, gamma)}
    return {k: None if v is None else float(v) for k, v in out.items()}


def sigmoid_self_check():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(2, 3, 4, 5, dtype=torch.float64, generator=g)
    t = (torch.rand(2, 3, 4, 5, generator=g) > 0.6).long()
    tf = t.double()
    # without ignored elements each library is torchvision's formula with its own alpha over every element
    close(smp_sigmoid(x, t, 2.0), sigmoid_focal_loss(x, tf, alpha=-1, gamma=2.0, reduction="mean"), 1e-12, "smp multilabel")
    close(mmseg_masks(x, t, 2.0), sigmoid_focal_loss(x, tf, alpha=0.5, gamma=2.0, reduction="mean"), 1e-12, "mmseg masks")
    close(monai_sigmoid_masks(x, t, 2.0), sigmoid_focal_loss(x, tf, alpha=-1, gamma=2.0, reduction="mean"), 1e-6, "MONAI")
    xb, yb = x[:, :1], t[:, 0]
    close(smp_sigmoid(xb, yb, 2.0), sigmoid_focal_loss(xb, tf[:, :1], alpha=-1, gamma=2.0, reduction="mean"), 1e-12,
          "smp binary")


def close(a, b, tol, what):
    if abs(float(a) - float(b)) > tol * max(1e-12, abs(float(b))):
        raise SystemExit(f"self-check failed: {what}: {float(a)} against {float(b)}")


def self_check():
    # MONAI tests/losses/test_focal_loss.py: TEST_CASES on a 1 x 3 x 2 x 2 input, to_onehot_y=True
    mx = torch.tensor([[[[1.0, 1.0], [0.5, 0.0]], [[1.0, 1.0], [0.5, 0.0]], [[1.0, 1.0], [0.5, 0.0]]]])
    my = torch.tensor([[[0, 1], [2, 0]]])
    moh = F.one_hot(my, 3).permute(0, 3, 1, 2).float()
    close(monai_sigmoid(mx, moh, 2.0)[0], 0.34959, 1e-4, "MONAI sigmoid")
    close(monai_sigmoid(mx, moh, 2.0, alpha=0.8)[0], 0.08423, 1e-4, "MONAI sigmoid alpha 0.8")
    close(monai_softmax(mx, moh, 2.0)[0], 0.16276, 1e-4, "MONAI softmax")
    close(monai_softmax(mx, moh, 2.0, alpha=0.8)[0], 0.08138, 1e-4, "MONAI softmax alpha 0.8")
    # Keras keras/src/losses/losses_test.py CategoricalFocalCrossentropyTest: from_logits, no reduction and mean
    kx = torch.tensor([[8.0, 1.0, 1.0], [0.0, 9.0, 1.0], [2.0, 3.0, 5.0]]).view(3, 3, 1, 1)
    koh = torch.eye(3).view(3, 3, 1, 1)
    mean, per = keras(kx.float(), koh.float(), 2.0)
    for got, want in zip(per.flatten(), [1.5096224e-09, 2.4136547e-11, 1.0360638e-03]):
        close(got, want, 1e-3, "Keras per sample")
    close(mean, 0.000345, 2e-3, "Keras mean")
    # kornia tests/losses/test_focal_loss.py test_value_ignore_index: ignoring equals an extra class with -inf logits
    g = torch.Generator().manual_seed(0)
    lx = torch.rand(2, 3, 3, 2, generator=g, dtype=torch.float64)
    ly = torch.randint(3, (2, 3, 2), generator=g)
    ign = torch.rand(2, 3, 2, generator=g) > 0.6
    ly[ign] = IGNORE
    extra_y = ly.clone()
    extra_y[ign] = 3
    extra_x = torch.cat([lx, lx.new_full((2, 1, 3, 2), float("-inf"))], 1)
    a = kornia(lx, ly, 0.5, alpha=0.8)[0] * 3  # mean over 3 channels
    # the extra class's channel is dropped from the comparison in kornia's test: the first 3 channels; they
    # differ by the one-hot's 1e-6 on an ignored pixel's classes, within the test's float32 tolerance
    oh = F.one_hot(extra_y, 4).permute(0, 3, 1, 2).double() * (1 - 1e-6) + 1e-6
    logp = extra_x.log_softmax(1)
    lt = -torch.pow(1.0 - logp.exp(), 0.5) * logp * oh
    lt = torch.tensor([0.2, 0.8, 0.8, 0.8], dtype=torch.float64).view(-1, 1, 1) * lt
    close(a, lt[:, :3].mean() * 3, 1e-5, "kornia ignore index as an extra class")
    # torchvision: gamma 0 and no alpha is binary cross-entropy (test_ops.py TestFocalLoss.test_equal_ce_loss)
    tx = torch.randn(4, 3, dtype=torch.float64, generator=g)
    tt = (torch.rand(4, 3, generator=g) > 0.5).double()
    close(sigmoid_focal_loss(tx, tt, alpha=-1, gamma=0, reduction="mean"),
          F.binary_cross_entropy_with_logits(tx, tt), 1e-12, "torchvision gamma 0 is BCE")
    # smp tests/test_losses.py test_focal_loss_with_logits: confident right logits lose less than wrong ones
    good = smp(torch.tensor([10.0, -10.0, 10.0]).view(1, 1, 1, 3).double(), torch.tensor([[[0, 255, 0]]]), 2.0)[0]
    bad = smp(torch.tensor([-1.0, 2.0, 0.0]).view(1, 1, 1, 3).double(), torch.tensor([[[0, 255, 0]]]), 2.0)[0]
    if not good < bad:
        raise SystemExit("self-check failed: smp good < bad")
    # mmseg tests/test_models/test_losses/test_focal_loss.py test_same: its fake_pred and fake_target, alpha 0.4,
    # no weights, reduction mean and sum
    fp = torch.tensor([[[[0.1998772621, 0.3659250736], [0.9128918052, 0.2723454833]],
                        [[0.1373604536, 0.2495964766], [0.9785252810, 0.5094971061]],
                        [[0.2959728837, 0.8378278613], [0.5674484372, 0.3124643564]]],
                       [[[0.2381041050, 0.8065491915], [0.2052971125, 0.9496635199]],
                        [[0.2494341135, 0.9726386070], [0.9316667318, 0.2813754082]],
                        [[0.2399672866, 0.3493354321], [0.9550838470, 0.8279340863]]]])
    ft = torch.tensor([[[2, 2], [1, 2]], [[0, 1], [2, 0]]])
    mean, per = mmseg(fp, ft, 2.0, alpha=0.4)
    close(mean, 0.15395577251911163, 1e-5, "mmseg mean")
    close(per.sum(), 3.6949386596679688, 1e-5, "mmseg sum")
    # mmseg test_ignore_index: ignored pixels give 0 in every channel
    my2 = torch.tensor([[[0, 255], [1, 2]]])
    _, per = mmseg(torch.rand(1, 3, 2, 2, dtype=torch.float64, generator=g), my2, 2.0)
    if per[0, 0, 1] != 0:
        raise SystemExit("self-check failed: mmseg ignored pixel")


def sigmoid_main(out, dirs, gammas):
    """Binary and multi-label cases: each as saved, and with its ignored elements made 0 ("_no_ignore")."""
    sigmoid_self_check()
    cases = {}
    for d in dirs:
        x = torch.as_tensor(np.load(os.path.join(d, "logits.npy")).astype(np.float64))
        y = torch.as_tensor(np.load(os.path.join(d, "labels.npy")).astype(np.int64))
        for name, labels in ((d, y), (d + "_no_ignore", torch.where(y == IGNORE, 0, y))):
            cases[name] = {str(gm): sigmoid_peers(x, labels, gm) for gm in gammas}
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "ignoreIndex": IGNORE,
                   "cases": cases}, f, indent=1)
    print("self-checks passed; wrote", out)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--sigmoid":
        # /usr/bin/python3 tools/peers_reference.py --sigmoid OUT.json CASE_DIR...  (binary and multi-label cases)
        sigmoid_main(sys.argv[2], sys.argv[3:], [0.0, 2.0, 5.0])
        return
    self_check()
    out = sys.argv[1]
    args = sys.argv[2:]
    gammas = [0.0, 2.0, 5.0]
    if "--gammas" in args:
        i = args.index("--gammas")
        gammas = [float(g) for g in args[i + 1].split(",")]
        args = args[:i] + args[i + 2:]
    cases = {}
    for d in args:
        x = torch.as_tensor(np.load(os.path.join(d, "logits.npy")).astype(np.float64))
        y = torch.as_tensor(np.load(os.path.join(d, "labels.npy")).astype(np.int64))
        if y.dim() == 2:
            y = y.unsqueeze(0)
        if x.dim() == 3:
            x = x.unsqueeze(0)
        entry = {}
        for gamma in gammas:
            entry[str(gamma)] = {k: float(v[0]) for k, v in peers(x, y, gamma).items()}
        cases[d] = entry
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__, "torchvision": torchvision.__version__, "ignoreIndex": IGNORE,
                   "cases": cases}, f, indent=1)
    print("self-checks passed; wrote", out)


if __name__ == "__main__":
    main()
