#!/usr/bin/env python3
"""Regenerates the SDF glyph PBFs the dashboard's map labels use.

MapLibre draws text from signed-distance-field glyphs fetched as
`/fonts/{fontstack}/{start}-{end}.pbf`. We serve them ourselves (the page
works offline), generated here from Noto Sans Regular (SIL Open Font
Licence 1.1, Debian package fonts-noto-core).

Usage (from the repository root):
    apt-get install -y fonts-noto-core
    pip install freetype-py numpy scipy
    python3 crates/hatang-server/scripts/gen-glyphs.py [FONT.ttf] [OUT_DIR]

The encoding follows the Mapbox/MapLibre convention: glyphs rendered at
24 px, a 3 px border, SDF radius 8 px and cutoff 0.25 (the edge sits at
value 191); `top` is the bitmap top minus the face's ascender. Distances
are measured on an 8x supersampled binary rendering (scipy's exact EDT),
then sampled at the 24 px pixel centres.
"""
import os
import sys

import freetype
import numpy as np
from scipy.ndimage import distance_transform_edt

FONT = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"
STACK = "Noto Sans Regular"
SIZE = 24
BUFFER = 3
RADIUS = 8.0
CUTOFF = 0.25
SUPER = 8
# Latin-1, Latin Extended-A/B, IPA and spacing modifiers, combining marks and
# Greek, Cyrillic, Latin Extended Additional (Vietnamese), punctuation.
RANGES = [0, 256, 512, 768, 1024, 7680, 8192]


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint((field << 3) | wire)


def field_varint(field, n):
    return key(field, 0) + varint(n)


def field_sint(field, n):
    return key(field, 0) + varint((n << 1) ^ (n >> 63) if n < 0 else n << 1)


def field_bytes(field, b):
    return key(field, 2) + varint(len(b)) + b


def render(face, code, size):
    face.set_char_size(0, size * 64, 0, 0)
    idx = face.get_char_index(code)
    if idx == 0:
        return None
    face.load_glyph(idx, freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_RENDER)
    g = face.glyph
    bm = g.bitmap
    arr = np.array(bm.buffer, dtype=np.uint8).reshape(bm.rows, bm.pitch)[:, : bm.width] if bm.rows else np.zeros((0, 0), np.uint8)
    return {
        "left": g.bitmap_left,
        "top": g.bitmap_top,
        "width": bm.width,
        "rows": bm.rows,
        "advance": g.metrics.horiAdvance >> 6,
        "bitmap": arr,
        "ascender": face.size.ascender >> 6,
    }


def glyph(face, code):
    lo = render(face, code, SIZE)
    if lo is None:
        return None
    w, h = lo["width"], lo["rows"]
    msg = field_varint(1, code)
    if w > 0 and h > 0:
        hi = render(face, code, SIZE * SUPER)
        pad = int((BUFFER + RADIUS + 2) * SUPER)
        mask = np.zeros((hi["rows"] + 2 * pad, hi["width"] + 2 * pad), bool)
        if hi["rows"] and hi["width"]:
            mask[pad : pad + hi["rows"], pad : pad + hi["width"]] = hi["bitmap"] >= 128
        outside = distance_transform_edt(~mask)
        inside = distance_transform_edt(mask)
        signed = np.where(mask, -(inside - 0.5), outside - 0.5) / SUPER
        W, H = w + 2 * BUFFER, h + 2 * BUFFER
        i = np.arange(W)
        j = np.arange(H)
        x = (lo["left"] - BUFFER + i + 0.5) * SUPER
        y = (lo["top"] + BUFFER - j - 0.5) * SUPER
        col = np.clip(np.floor(x - hi["left"]).astype(int) + pad, 0, mask.shape[1] - 1)
        row = np.clip(np.floor(hi["top"] - y).astype(int) + pad, 0, mask.shape[0] - 1)
        d = signed[row[:, None], col[None, :]]
        v = np.clip(np.round(255.0 - 255.0 * (d / RADIUS + CUTOFF)), 0, 255).astype(np.uint8)
        msg += field_bytes(2, v.tobytes())
    msg += field_varint(3, w) + field_varint(4, h)
    msg += field_sint(5, lo["left"]) + field_sint(6, lo["top"] - lo["ascender"])
    msg += field_varint(7, lo["advance"])
    return msg


def main():
    font = sys.argv[1] if len(sys.argv) > 1 else FONT
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "..", "assets", "fonts", STACK)
    os.makedirs(out, exist_ok=True)
    face = freetype.Face(font)
    for start in RANGES:
        end = start + 255
        stack = field_bytes(1, STACK.encode()) + field_bytes(2, f"{start}-{end}".encode())
        n = 0
        for code in range(start, end + 1):
            g = glyph(face, code)
            if g is not None:
                stack += field_bytes(3, g)
                n += 1
        data = field_bytes(1, stack)
        path = os.path.join(out, f"{start}-{end}.pbf")
        with open(path + ".tmp", "wb") as f:
            f.write(data)
        os.replace(path + ".tmp", path)
        print(f"{path}: {n} glyphs, {len(data)} bytes")


if __name__ == "__main__":
    main()
