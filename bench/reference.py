#!/usr/bin/env python3
"""The Python reference of the benchmark's launcher section (see docs/performance.md).

The same calibration as
    bin/conformal-headless --run "Calibrate Conformal Sets" 'method="dilation",alpha=0.1,
        tolerance=0.0,shape="cross",...'
written the way one would in Python with numpy and scipy.ndimage: for each image, the
prediction is Yhat = {score >= 0.5}; its score is the smallest number of cross-shaped
(city-block) dilations of Yhat that covers the truth Y, i.e. the largest city-block distance
from a voxel of Y to Yhat (0 when Y is empty, infinite when Yhat is empty and Y is not);
lambda-hat is the k-th smallest score with k = ceil((n + 1)(1 - alpha)) (infinite when k > n).

    bench/reference.py MANIFEST.csv [--alpha 0.1] [--threshold 0.5]

The manifest has an id column, a score column (`score` or `pred`) and a truth column (`mask`
or `gt`), paths relative to the manifest. Files: 8- or 16-bit PNG through Pillow (value/255,
value/65535), NIfTI-1 (.nii, .nii.gz) read with gzip and numpy (scl_slope applied). Prints
`name = value` lines (n, k, lambda, and the time spent reading and scoring) like the launcher.
Exits 4 with the reason on stderr when numpy, scipy or a reader it needs (Pillow for PNG) is
missing.
"""
import argparse
import csv
import gzip
import math
import os
import sys
import time
from fractions import Fraction

SKIP = 4

try:
    import numpy as np
    from scipy import ndimage
except ImportError as e:
    print(f"skipped: {e} (the reference needs numpy and scipy)", file=sys.stderr)
    sys.exit(SKIP)

NIFTI_TYPES = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4",
               1024: "i8", 1280: "u8"}


def read_nifti(path):
    """The voxels of a NIfTI-1 file as an array in file order (x fastest), scaled."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    order = "<" if int.from_bytes(data[0:4], "little") == 348 else ">"
    header = np.frombuffer(data, dtype=order + "i4", count=1, offset=0)[0]
    if header != 348:
        raise ValueError(f"{path}: not a NIfTI-1 file (sizeof_hdr {header})")
    dim = np.frombuffer(data, dtype=order + "i2", count=8, offset=40)
    datatype = int(np.frombuffer(data, dtype=order + "i2", count=1, offset=70)[0])
    vox_offset = int(np.frombuffer(data, dtype=order + "f4", count=1, offset=108)[0])
    slope, inter = np.frombuffer(data, dtype=order + "f4", count=2, offset=112)
    if datatype not in NIFTI_TYPES:
        raise ValueError(f"{path}: NIfTI data type {datatype} is not supported here")
    shape = tuple(int(d) for d in dim[1:1 + dim[0]])
    count = int(np.prod(shape))
    voxels = np.frombuffer(data, dtype=order + NIFTI_TYPES[datatype], count=count, offset=vox_offset)
    voxels = voxels.reshape(shape, order="F")
    if slope != 0 and (slope != 1 or inter != 0):
        voxels = voxels * np.float32(slope) + np.float32(inter)
    return voxels


def read_png(path):
    """An 8- or 16-bit grey PNG as values in [0, 1] (float32), as ImageJ reads it."""
    try:
        from PIL import Image
    except ImportError:
        print("skipped: Pillow (PIL) is not installed, so PNG files cannot be read "
              "(python3 -m pip install pillow)", file=sys.stderr)
        sys.exit(SKIP)
    with Image.open(path) as im:
        if im.mode == "L":
            return np.asarray(im, dtype=np.uint8).astype(np.float32) / np.float32(255)
        if im.mode in ("I;16", "I;16B", "I"):
            return np.asarray(im).astype(np.float32) / np.float32(65535)
        if im.mode == "F":
            return np.asarray(im, dtype=np.float32)
        raise ValueError(f"{path}: PNG mode {im.mode} is not a grey image")


def read(path):
    lower = path.lower()
    if lower.endswith(".nii") or lower.endswith(".nii.gz"):
        return read_nifti(path)
    if lower.endswith(".png"):
        return read_png(path)
    raise ValueError(f"{path}: only PNG and NIfTI files are read here")


def score(scores, truth, threshold):
    """The smallest number of cross dilations of {scores >= threshold} that covers truth."""
    yhat = scores >= threshold
    y = truth != 0
    if yhat.shape != y.shape:
        raise ValueError(f"shape mismatch: scores {yhat.shape}, truth {y.shape}")
    if not y.any():
        return 0.0
    if not yhat.any():
        return math.inf
    # city-block distance from every voxel to the nearest voxel of Yhat (0 on Yhat)
    distance = ndimage.distance_transform_cdt(~yhat, metric="taxicab")
    return float(distance[y].max())


def column(header, names, manifest):
    for n in names:
        if n in header:
            return header.index(n)
    raise ValueError(f"{manifest}: no column named {' or '.join(names)} in {header}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("manifest")
    parser.add_argument("--alpha", default="0.1")
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    root = os.path.dirname(os.path.abspath(args.manifest))
    with open(args.manifest, newline="") as f:
        rows = list(csv.reader(f))
    header = [h.strip() for h in rows[0]]
    s_col = column(header, ("score", "pred"), args.manifest)
    m_col = column(header, ("mask", "gt"), args.manifest)
    t0 = time.perf_counter()
    read_s = 0.0
    scores = []
    for row in rows[1:]:
        if not row:
            continue
        r0 = time.perf_counter()
        s = read(os.path.join(root, row[s_col]))
        m = read(os.path.join(root, row[m_col]))
        read_s += time.perf_counter() - r0
        scores.append(score(s, m, np.float32(args.threshold)))
    total = time.perf_counter() - t0
    n = len(scores)
    alpha = Fraction(args.alpha)
    k = math.ceil((n + 1) * (1 - alpha))
    lam = sorted(scores)[k - 1] if k <= n else math.inf
    print(f"n = {n}")
    print(f"k = {k}")
    print(f"lambda = {lam}")
    print(f"read ms = {read_s * 1000:.0f}")
    print(f"score ms = {(total - read_s) * 1000:.0f}")


if __name__ == "__main__":
    main()
