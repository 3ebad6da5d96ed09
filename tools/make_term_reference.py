#!/usr/bin/python3
"""Golden cases of every loss term focalscope supports (ce, focal, poly1, flsd53, asl), softmax and
sigmoid: value and gradient pinned with PyTorch float64 autograd of our own formulas (below).

Run with Debian's python3-torch, python3-torchvision and python3-numpy:
    /usr/bin/python3 tools/make_term_reference.py [OUTDIR [SEED]] [--upstream DIR]
OUTDIR defaults to src/test/resources/terms, SEED to 11. Writes OUTDIR/<case>/logits.npy (float32
[N,C,H,W]), labels.npy, expected.json and per setting <id>_loss.npy (per-pixel loss) and
<id>_gradient.npy (L2 norm over the C logits of d loss/d z), float32 [N,H,W], 0 where no element.
Per element: u = -log p_t (log_softmax / logsigmoid), q = 1 - p_t = -expm1(log p_t), weight a
(softmax w[y]; sigmoid w[c] * alpha_t). ce a*u | focal a*q^g*u | poly1 a*q^g*u + eps*q^(g+1) |
flsd53 focal, g = 5 where p_t < 0.2 else 3 (no gradient through the choice) | asl: t=1
a*(1-p)^gp * -log(max(p, eps)), t=0 with pm = max(p-clip, 0): a*pm^gn * -log(max(1-pm, eps)),
gradient through the focusing weight too.

--upstream DIR imports the upstream classes from DIR (their code is not stored in this repo), runs
them in float64 on every case's kept elements and stops if the loss (per pixel for softmax, per element
for sigmoid) or the gradient differs from ours by more than 1e-8. Make DIR with `git --git-dir=<mirror> show COMMIT:PATH > DIR/...`:
  Alibaba-MIIL/ASL 8c9e0bd8d5d450cf19093363fc08aa7244ad4408 src/loss_functions/losses.py
    AsymmetricLoss(disable_torch_grad_focal_loss=False), AsymmetricLossOptimized() times w[c] vs asl
  torrvision/focal_calibration 475422a6754e20d25216158a874749c33e826e21 Losses/focal_loss_adaptive_gamma.py
    FocalLossAdaptive(gamma=3) vs flsd53 (softmax)
  abhuse/polyloss-pytorch b9b2fb398e8f30f156cb8d2118b15b3888034b19 polyloss.py
    Poly1CrossEntropyLoss(epsilon=+-1, weight=w) vs poly1 gamma 0 (softmax);
    Poly1FocalLoss(epsilon=1, alpha=0.25, gamma=2, weight=w[c]) vs poly1 (sigmoid)
Always checked: F.cross_entropy(weight=w) vs ce, torchvision sigmoid_focal_loss vs focal (sigmoid).
"""
import json, math, os, sys, types
import numpy as np
import torch
import torch.nn.functional as F

args = sys.argv[1:]
UPSTREAM = args.pop(args.index("--upstream") + 1) if "--upstream" in args else None
args = [a for a in args if a != "--upstream"]
OUT = args[0] if args else "src/test/resources/terms"
SEED = int(args[1]) if len(args) > 1 else 11
IGNORE = 255
TOL = 1e-8
W5 = [0.5, 1.5, 2.0, 1.0, 3.0]
rng = np.random.default_rng(SEED)
torch.set_default_dtype(torch.float64)


# ---- elements: log p_t, class, pixel (and x, t for sigmoid) -------------------------------------
def softmax_elements(x, labels):
    n, c, h, w = x.shape
    keep = torch.as_tensor(labels != IGNORE)
    y = torch.as_tensor(np.where(labels != IGNORE, labels, 0).astype(np.int64))
    logp = F.log_softmax(x, 1).gather(1, y[:, None])[:, 0]
    return {"logp": logp[keep], "cls": y[keep], "pix": torch.arange(n * h * w).view(n, h, w)[keep]}


def sigmoid_elements(x, targets, keep):
    n, c, h, w = x.shape
    t, k = torch.as_tensor(targets, dtype=torch.float64), torch.as_tensor(keep)
    return {"logp": F.logsigmoid(torch.where(t == 1, x, -x))[k], "x": x[k], "t": t[k],
            "cls": torch.arange(c).view(1, c, 1, 1).expand(n, c, h, w)[k],
            "pix": torch.arange(n * h * w).view(n, 1, h, w).expand(n, c, h, w)[k]}


def element_weights(e, weights, alpha):
    """The one place for the weight a: class weight, times alpha_t for sigmoid with an alpha."""
    a = torch.as_tensor(weights)[e["cls"]]
    if alpha is not None:
        a = a * torch.where(e["t"] == 1, alpha, 1.0 - alpha)
    return a


# ---- terms, per element ---------------------------------------------------------------------------
def one_minus_pt(logp):
    return -torch.expm1(logp)  # 1 - p_t, accurate when p_t is close to 1


def ce(e, a):
    return -a * e["logp"]


def focal(e, a, gamma):
    return -a * one_minus_pt(e["logp"]) ** gamma * e["logp"]


def poly1(e, a, gamma, epsilon):
    return focal(e, a, gamma) + epsilon * one_minus_pt(e["logp"]) ** (gamma + 1)


def flsd53(e, a, gammaBelow, gammaAbove, threshold):
    gamma = torch.where(e["logp"].detach().exp() < threshold, float(gammaBelow), float(gammaAbove))
    return -a * one_minus_pt(e["logp"]) ** gamma * e["logp"]


def asl(e, a, gammaPos, gammaNeg, clip, eps):
    x = e["x"]
    log_eps = math.log(eps)
    pos = torch.sigmoid(-x) ** gammaPos * -torch.clamp(F.logsigmoid(x), min=log_eps)
    pm = torch.clamp(torch.sigmoid(x) - clip, min=0.0)
    log_one_minus_pm = torch.log(torch.clamp(torch.sigmoid(-x) + clip, max=1.0))  # 1 - pm
    neg = pm ** gammaNeg * -torch.clamp(log_one_minus_pm, min=log_eps)
    return a * torch.where(e["t"] == 1, pos, neg)


TERMS = {"ce": ce, "focal": focal, "poly1": poly1, "flsd53": flsd53, "asl": asl}


# ---- one setting on one case ----------------------------------------------------------------------
def evaluate(x64, make, s):
    n, c, h, w = x64.shape

    def run(name, params):
        x = x64.clone().requires_grad_(True)
        e = make(x)
        a = element_weights(e, s["classWeights"], s["alpha"])
        l = TERMS[name](e, a, **params)
        grad, = torch.autograd.grad(l.sum(), x)
        per_pixel = torch.zeros(n * h * w).index_add_(0, e["pix"], l.detach()).view(n, h, w)
        return e, a.detach(), l.detach(), per_pixel, grad.norm(dim=1)

    e, a, l, per_pixel, gmap = run(s["loss"]["name"], s["loss"]["parameters"])
    _, _, lce, _, gce = run("ce", {})
    has = torch.zeros(n * h * w, dtype=torch.bool).index_fill_(0, e["pix"], True).view(n, h, w)
    assert torch.isfinite(l).all() and torch.isfinite(gmap).all(), s["id"]
    assert (gmap[~has] == 0).all()
    total = float(l.sum())
    s.update({"mean": total / l.numel(), "sum": total, "weightedMean": total / float(a.sum()),
              "meanAll": total / (n * h * w * (1 if s["activation"] == "softmax" else c)),
              "crossEntropyMean": float(lce.mean()),
              "classSums": torch.zeros(c).index_add_(0, e["cls"], l).tolist(),
              "gradientMeanNorm": float(gmap[has].mean()), "crossEntropyGradientMeanNorm": float(gce[has].mean()),
              "elements": int(l.numel()), "pixels": int(has.sum())})
    return per_pixel.float().numpy(), gmap.float().numpy()


def setting(sid, act, name, params, weights, alpha=None):
    return {"id": sid, "activation": act, "loss": {"name": name, "parameters": params}, "alpha": alpha,
            "classWeights": [float(v) for v in weights], "ignoreIndex": IGNORE}


FLSD = {"gammaBelow": 5, "gammaAbove": 3, "threshold": 0.2}


def softmax_settings(c, gammas):
    ones, w = [1.0] * c, W5[:c]
    rows = [("ce", "ce", {}, ones)]
    rows += [(f"focal_g{g:g}".replace(".", "p"), "focal", {"gamma": g}, ones) for g in gammas]
    rows += [("focal_g2_w", "focal", {"gamma": 2.0}, w),
             ("poly1_g2_e1", "poly1", {"gamma": 2.0, "epsilon": 1.0}, ones),
             ("poly1_g0_e1", "poly1", {"gamma": 0.0, "epsilon": 1.0}, ones),
             ("poly1_g2_em1", "poly1", {"gamma": 2.0, "epsilon": -1.0}, ones),
             ("poly1_g2_e1_w", "poly1", {"gamma": 2.0, "epsilon": 1.0}, w),
             ("flsd53", "flsd53", FLSD, ones), ("flsd53_w", "flsd53", FLSD, w)]
    return [setting(sid, "softmax", name, params, weights) for sid, name, params, weights in rows]


def sigmoid_settings(c):
    ones, w = [1.0] * c, W5[:c]
    asl_default = {"gammaPos": 1.0, "gammaNeg": 4.0, "clip": 0.05, "eps": 1e-8}
    rows = [("ce", "ce", {}, ones, None),
            ("focal_g0_a025", "focal", {"gamma": 0.0}, ones, 0.25), ("focal_g0", "focal", {"gamma": 0.0}, ones, None),
            ("focal_g2_a025", "focal", {"gamma": 2.0}, ones, 0.25), ("focal_g2", "focal", {"gamma": 2.0}, ones, None),
            ("poly1_g2_e1_a025", "poly1", {"gamma": 2.0, "epsilon": 1.0}, ones, 0.25),
            ("flsd53_a025", "flsd53", FLSD, ones, 0.25),
            ("asl", "asl", asl_default, ones, None),
            ("asl_p0_n2_c0", "asl", {"gammaPos": 0.0, "gammaNeg": 2.0, "clip": 0.0, "eps": 1e-8}, ones, None),
            ("asl_w", "asl", asl_default, w, None)]
    return [setting(sid, "sigmoid", name, params, weights, alpha) for sid, name, params, weights, alpha in rows]


# ---- upstream checks (their code is loaded from --upstream DIR, never stored here) ----------------
def load_upstream():
    try:
        import scipy.special  # noqa: F401  (focal_loss_adaptive_gamma imports lambertw; unused here)
    except ImportError:
        sys.modules["scipy"] = types.ModuleType("scipy")
        sys.modules["scipy.special"] = types.SimpleNamespace(lambertw=None)
    sys.path.insert(0, UPSTREAM)
    import losses, focal_loss_adaptive_gamma, polyloss
    return losses, focal_loss_adaptive_gamma, polyloss


REPORT = []


def compare(label, ours, theirs, inp, must_match=True):
    """ours/theirs: functions of a leaf tensor returning per-unit losses; compares them and d sum/d inp."""
    xs = [inp.clone().requires_grad_(True) for _ in range(2)]
    vals = [f(x) for f, x in zip((ours, theirs), xs)]
    grads = [torch.autograd.grad(v.sum(), x)[0] for v, x in zip(vals, xs)]
    dl, dg = float((vals[0] - vals[1]).abs().max()), float((grads[0] - grads[1]).abs().max())
    print(f"{label}: max |d loss| {dl:.2e}, max |d grad| {dg:.2e}" + ("" if must_match else " (for information)"))
    if must_match:
        assert dl <= TOL and dg <= TOL, label
        REPORT.append(label)


def per_unit(module, v, t):
    """Upstream modules return a sum; call them on one row / element at a time."""
    return torch.stack([module(v[i:i + 1], t[i:i + 1]) for i in range(len(t))])


def check_softmax(case, x64, labels, up):
    keep = torch.as_tensor(labels != IGNORE)
    y = torch.as_tensor(labels).long()[keep]
    rows = lambda x: x.permute(0, 2, 3, 1)[keep]  # [M, C], the order of softmax_elements
    e, w = (lambda x: softmax_elements(x, labels)), torch.as_tensor(W5[:x64.shape[1]])
    compare(f"{case} F.cross_entropy(weight) vs ce", lambda x: ce(e(x), w[y]),
            lambda x: F.cross_entropy(rows(x), y, weight=w, reduction="none"), x64)
    if up is None:
        return
    flsd = up[1].FocalLossAdaptive(gamma=3, size_average=False)
    compare(f"{case} FocalLossAdaptive(gamma=3) vs flsd53", lambda x: flsd53(e(x), 1.0, **FLSD),
            lambda x: per_unit(flsd, rows(x), y), x64)
    for ep in (1.0, -1.0):
        p1 = up[2].Poly1CrossEntropyLoss(num_classes=len(w), epsilon=ep, weight=w)
        compare(f"{case} Poly1CrossEntropyLoss(epsilon={ep}, weight=w) vs poly1 gamma 0",
                lambda x: poly1(e(x), w[y], 0.0, ep), lambda x: p1(rows(x), y), x64)


def check_sigmoid(case, x64, targets, keep, up):
    k, c = torch.as_tensor(keep), x64.shape[1]
    t = torch.as_tensor(targets)[k]
    e = lambda x: sigmoid_elements(x, targets, keep)
    wc = torch.as_tensor(W5[:c])[e(x64)["cls"]]
    from torchvision.ops import sigmoid_focal_loss
    compare(f"{case} torchvision sigmoid_focal_loss(alpha=0.25, gamma=2) vs focal",
            lambda x: focal(e(x), element_weights(e(x), [1.0] * c, 0.25), 2.0),
            lambda x: sigmoid_focal_loss(x[k], t, alpha=0.25, gamma=2.0, reduction="none"), x64)
    if up is None:
        return
    pf = up[2].Poly1FocalLoss(num_classes=c, epsilon=1.0, alpha=0.25, gamma=2.0, weight=wc, label_is_onehot=True)
    compare(f"{case} Poly1FocalLoss(epsilon=1, alpha=0.25, gamma=2, weight=w) vs poly1",
            lambda x: poly1(e(x), element_weights(e(x), W5[:c], 0.25), 2.0, 1.0), lambda x: pf(x[k], t), x64)
    for gp, gn, clip in ((1.0, 4.0, 0.05), (0.0, 2.0, 0.0)):
        for cls_name in ("AsymmetricLoss", "AsymmetricLossOptimized"):
            kw = {"disable_torch_grad_focal_loss": False} if cls_name == "AsymmetricLoss" else {}
            m = getattr(up[0], cls_name)(gamma_neg=gn, gamma_pos=gp, clip=clip, eps=1e-8, **kw)
            compare(f"{case} {cls_name}({gp}, {gn}, {clip}{', disable=False' if kw else ''}) x w[c] vs asl",
                    lambda x: asl(e(x), wc, gp, gn, clip, 1e-8), lambda x: wc * per_unit(m, x[k], t), x64)
        m = up[0].AsymmetricLoss(gamma_neg=gn, gamma_pos=gp, clip=clip)  # default: no gradient through weight
        compare(f"{case} AsymmetricLoss({gp}, {gn}, {clip}) default (disable=True) vs asl",
                lambda x: asl(e(x), 1.0, gp, gn, clip, 1e-8), lambda x: per_unit(m, x[k], t), x64, must_match=False)


# ---- the cases ------------------------------------------------------------------------------------
def write_case(name, logits, labels, targets_kind, settings, make):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    logits = logits.astype(np.float32)
    np.save(os.path.join(d, "logits.npy"), logits)
    np.save(os.path.join(d, "labels.npy"), labels)
    x64 = torch.as_tensor(logits).double()
    for s in settings:
        loss_map, grad_map = evaluate(x64, make, s)
        np.save(os.path.join(d, s["id"] + "_loss.npy"), loss_map)
        np.save(os.path.join(d, s["id"] + "_gradient.npy"), grad_map)
    with open(os.path.join(d, "expected.json"), "w") as f:
        json.dump({"torch": torch.__version__, "seed": SEED, "shape": list(logits.shape),
                   "activation": settings[0]["activation"], "targets": targets_kind, "ignoreIndex": IGNORE,
                   "settings": settings}, f, indent=1)
    return x64


def softmax_case(name, n, c, h, w, spread, absent=None, confident=False, gammas=(0.0, 2.0, 5.0)):
    present = [k for k in range(c) if k != absent]
    labels = rng.choice(present, size=(n, h, w)).astype(np.int64)
    labels[rng.random((n, h, w)) < 0.1] = IGNORE
    z = rng.normal(0, spread, size=(n, c, h, w))
    if confident:  # p_t near 1 (label wins by 18-30) or tiny (another class wins by 40-59.5)
        for idx in rng.choice(n * h * w, size=n * h * w // 8, replace=False):
            i, r, col = np.unravel_index(idx, (n, h, w))
            y = labels[i, r, col] if labels[i, r, col] != IGNORE else 0
            other = [k for k in range(c) if k != y]
            if rng.random() < 0.5:
                z[i, y, r, col] = z[i, other, r, col].max() + rng.uniform(18, 30)
            else:
                k = rng.choice(other)
                z[i, :, r, col] = np.minimum(z[i, :, r, col], z[i, y, r, col])
                z[i, k, r, col] = z[i, y, r, col] + rng.uniform(40, 59.5)
    logp = softmax_elements(torch.as_tensor(z.astype(np.float32)).double(), labels)["logp"]
    assert (logp < 0).all() and (logp > -61).all()  # p_t is neither 1 nor 0 in float64
    x64 = write_case(name, z, labels, "index", softmax_settings(c, gammas), lambda x: softmax_elements(x, labels))
    check_softmax(name, x64, labels, up)


def sigmoid_case(name, labels, targets, keep, kind):
    z = rng.normal(0, 3, size=targets.shape)
    for want in (1, 0):  # a few confident elements among positives and negatives, |x| 12-30, either sign
        idx = rng.permutation(np.flatnonzero((targets == want) & keep))[:max(2, keep.sum() // 50)]
        z.flat[idx] = rng.choice([-1, 1], size=idx.size) * rng.uniform(12, 30, size=idx.size)
        z.flat[idx[0]] = (-1 if want else 1) * rng.uniform(19, 30)  # wrong side: ASL's eps clamps engage
    x64 = write_case(name, z, labels, kind, sigmoid_settings(z.shape[1]), lambda x: sigmoid_elements(x, targets, keep))
    check_sigmoid(name, x64, targets, keep, up)


up = load_upstream() if UPSTREAM else None
softmax_case("softmax", 2, 5, 7, 9, spread=3.0, absent=2, confident=True)
softmax_case("softmax_moderate", 1, 4, 6, 8, spread=1.5, gammas=(0.0, 0.5, 2.0, 5.0))

n, c, h, w = 2, 4, 6, 7  # one-vs-rest from an index map, an ignored pixel drops all its channels
labels = rng.integers(0, c, size=(n, h, w)).astype(np.int64)
labels[rng.random((n, h, w)) < 0.1] = IGNORE
keep = np.broadcast_to((labels != IGNORE)[:, None], (n, c, h, w)).copy()
sigmoid_case("one_vs_rest", labels, (labels[:, None] == np.arange(c).reshape(1, c, 1, 1)) * 1.0, keep, "index")

mask = (rng.random((1, 3, 8, 8)) < 0.35).astype(np.uint8)  # multi-label 0/1 mask, a 255 element drops alone
mask[rng.random(mask.shape) < 0.05] = IGNORE
sigmoid_case("multi_label", mask, (mask == 1) * 1.0, mask != IGNORE, "mask")

labels = (rng.random((2, 6, 9)) < 0.4).astype(np.uint8)  # binary: one channel, labels [N,H,W]
labels[rng.random(labels.shape) < 0.1] = IGNORE
sigmoid_case("binary", labels, (labels == 1)[:, None] * 1.0, (labels != IGNORE)[:, None], "binary")
print("wrote", OUT, "-", len(REPORT), "checks passed")
