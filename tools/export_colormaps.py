#!/usr/bin/python3
"""Exports matplotlib's colormaps as 256-entry tables for focalscope's renderer.

    apt-get install python3-matplotlib
    /usr/bin/python3 tools/export_colormaps.py src/main/resources/io/focalscope/render

Writes NAME.txt with 256 lines 'RRGGBB' (matplotlib's values rounded to 8 bits), sampled as
matplotlib samples a ListedColormap of N=256 for values 0/255 .. 255/255.
"""
import os
import sys

import matplotlib
import numpy as np

out = sys.argv[1]
# RdBu_r is the diverging map of the γ₂ / γ₁ layer: blue where the loss fell, red where it rose
for name in ("viridis", "inferno", "magma", "turbo", "gray", "RdBu_r"):
    cmap = matplotlib.colormaps[name].resampled(256)
    rgba = cmap(np.linspace(0, 1, 256))
    with open(os.path.join(out, name.lower() + ".txt"), "w") as f:
        f.write(f"# matplotlib {matplotlib.__version__} colormap '{name}', 256 entries RRGGBB\n")
        for r, g, b, _ in rgba:
            f.write("%02x%02x%02x\n" % tuple(int(round(c * 255)) for c in (r, g, b)))
print("wrote", out)
