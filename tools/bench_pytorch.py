#!/usr/bin/python3
"""The PyTorch figure focalscope's benchmark is compared with (docs/performance.md).

    apt-get install python3-torch python3-torchvision
    /usr/bin/python3 tools/bench_pytorch.py [C H W [N [REPEAT [sigmoid]]]]

Times, on the CPU with 2 threads and float32, the median of REPEAT runs of
  full:    log_softmax over the classes + gather p_t + focal loss per pixel + mean (what
           focalscope's fullComputeMs covers, less its second form and maps)
  regamma: (1 - p)^γ * -log p for a new γ from a kept log p, + mean
and prints them as JSON. With "sigmoid": torchvision.ops.sigmoid_focal_loss on one-vs-rest targets
(α 0.25, γ 2, reduction none, then sum), what `bench --activation sigmoid` is compared with, as
"sigmoidMs".
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

C, H, W = (int(a) for a in sys.argv[1:4]) if len(sys.argv) >= 4 else (19, 1024, 2048)
N = int(sys.argv[4]) if len(sys.argv) > 4 else 1
REPEAT = int(sys.argv[5]) if len(sys.argv) > 5 else 9
torch.set_num_threads(2)
g = torch.Generator().manual_seed(42)
x = torch.rand((N, C, H, W), generator=g) * 6 - 3
y = torch.randint(0, C, (N, H, W), generator=g)


def median(step):
    step()
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return times[len(times) // 2]


def full():
    logp = F.log_softmax(x, dim=1).gather(1, y.unsqueeze(1)).squeeze(1)
    loss = -(1 - logp.exp()).pow(2.0) * logp
    return loss.mean().item()


kept = F.log_softmax(x, dim=1).gather(1, y.unsqueeze(1)).squeeze(1)
gammas = iter([1.5 + 0.1 * i for i in range(REPEAT + 1)])


def regamma():
    loss = -(-torch.expm1(kept)).pow(next(gammas)) * kept
    return loss.mean().item()


if len(sys.argv) > 6 and sys.argv[6] == "sigmoid":
    from torchvision.ops import sigmoid_focal_loss
    t = torch.nn.functional.one_hot(y, C).permute(0, 3, 1, 2).float()

    def sigmoid():
        return sigmoid_focal_loss(x, t, alpha=0.25, gamma=2.0, reduction="none").sum().item()

    print(json.dumps({"shape": [N, C, H, W], "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "sigmoidMs": round(median(sigmoid), 1)}))
    sys.exit(0)

print(json.dumps({"shape": [N, C, H, W], "threads": torch.get_num_threads(), "torch": torch.__version__,
                  "fullMs": round(median(full), 1), "regammaMs": round(median(regamma), 1)}))
