#!/usr/bin/env python3
"""Sanity checks for the Pango conformance fixtures.

Run by tools/pango-ref/gen-fixtures.sh after regenerating, or by hand:

    python3 tools/pango-ref/check-fixtures.py

Checks the structure of every fixture against its source text, and a few
facts that must hold for any correct bidi + shaping result (digit order in
numbers, Arabic joining, font fallback in the Noto setup).  Checks that
shape extra text use target/pango-ref/pango_ref when it has been built.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "tests", "fixtures", "conformance")
TOOL = os.path.join(ROOT, "target", "pango-ref", "pango_ref")

FONTS = {
    "vazirmatn": {"Vazirmatn-Regular.ttf"},
    "naskh": {"NotoNaskhArabic-Regular.ttf", "NotoSans-Regular.ttf"},
}
FAMILY = {"vazirmatn": "Vazirmatn", "naskh": "Noto Naskh Arabic, Noto Sans"}

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, file=sys.stderr)


def split_paragraphs(text):
    # Same rule as pango_ref: break at \r\n, \n, \r; a trailing break leaves
    # a final empty paragraph.
    paras, start, i = [], 0, 0
    while i < len(text):
        c = text[i]
        if c in "\r\n":
            paras.append((start, i))
            i += 2 if c == "\r" and text[i + 1 : i + 2] == "\n" else 1
            start = i
        else:
            i += 1
    paras.append((start, len(text)))
    return paras


def source_for(name):
    if name.startswith("hard-lines"):
        return os.path.join(FIX, name + ".txt")
    return os.path.join(ROOT, "assets", "samples", name + ".txt")


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def check_structure(setup, path):
    name = os.path.basename(path)[: -len(".jsonl")]
    src = source_for(name)
    with open(src, encoding="utf-8", newline="") as f:
        text = f.read()
    paras = split_paragraphs(text)
    rows = load(path)
    if len(rows) != len(paras):
        fail(f"{setup}/{name}: {len(rows)} rows, expected {len(paras)} paragraphs")
        return rows
    for n, (row, (s, e)) in enumerate(zip(rows, paras)):
        where = f"{setup}/{name} para {n}"
        if row["para"] != n or row["start"] != s or row["end"] != e:
            fail(f"{where}: bad para/start/end {row['para']} {row['start']} {row['end']}")
        if row["text"] != text[s:e]:
            fail(f"{where}: text does not match the source")
        if row["direction"] not in ("rtl", "ltr"):
            fail(f"{where}: bad direction {row['direction']}")
        total = 0.0
        for g in row["glyphs"]:
            if g["font"] not in FONTS[setup]:
                fail(f"{where}: unexpected font {g['font']}")
            if not 0 <= g["cluster"] < max(e - s, 1):
                fail(f"{where}: cluster {g['cluster']} out of range")
            if g.get("unknown") and g["id"] != 0:
                fail(f"{where}: unknown glyph with id {g['id']}")
            total += g["advance"]
        if abs(total - row["width"]) > 0.01:
            fail(f"{where}: advances sum to {total}, line width is {row['width']}")
    return rows


def glyphs_for_range(row, start, end):
    """Visual-order glyphs whose cluster lies in [start, end)."""
    return [g for g in row["glyphs"] if start <= g["cluster"] < end]


def check_number_order(where, row, number):
    text = row["text"]
    for m in re.finditer(re.escape(number), text):
        clusters = [g["cluster"] for g in glyphs_for_range(row, m.start(), m.end())]
        if clusters != sorted(clusters) or len(clusters) != len(number):
            fail(f"{where}: glyphs of {number!r} not left to right: {clusters}")


def dump(setup, text, lang="ar"):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
        f.write(text)
        tmp = f.name
    try:
        out = subprocess.run(
            [TOOL, "dump", "--fonts-dir", os.path.join(ROOT, "fonts"), "--family",
             FAMILY[setup], "--size-px", "20", "--lang", lang, tmp],
            check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(tmp)
    return [json.loads(line) for line in out.splitlines()]


def check_sample_001(setup):
    rows = load(glob.glob(os.path.join(FIX, setup, "001_*.jsonl"))[0])
    line = "الثلاثاء 27 أكتوبر 2015 09:10 ص"
    hits = [r for r in rows if r["text"] == line]
    if not hits:
        fail(f"{setup}/001: date line not found")
        return
    row = hits[0]
    where = f"{setup}/001 date line"
    if row["direction"] != "rtl":
        fail(f"{where}: direction {row['direction']}")
    for number in ("27", "2015", "09", "10"):
        check_number_order(where, row, number)
    # Whole line: first glyph (leftmost) is the last word, last glyph the first.
    if row["glyphs"][0]["cluster"] != len(line) - 1 or row["glyphs"][-1]["cluster"] != 0:
        fail(f"{where}: line is not laid out right to left")
    # In an RTL line the earlier number is on the right.
    pos = {g["cluster"]: i for i, g in enumerate(row["glyphs"])}
    if not pos[line.index("2015")] > pos[line.index("09:10")]:
        fail(f"{where}: 2015 should be visually right of 09:10")
    # Joining: letters inside words must not use their isolated glyphs.
    if os.access(TOOL, os.X_OK):
        word = "الثلاثاء"
        iso = {r["text"]: r["glyphs"][0]["id"] for r in dump(setup, "\n".join(set(word)))
               if r["glyphs"]}
        by_cluster = {g["cluster"]: g["id"] for g in row["glyphs"]}
        # ل at 1 is initial, ث at 2 medial, ث at 5 initial (3-4 is lam-alef).
        for idx in (1, 2, 5):
            ch = word[idx]
            if by_cluster.get(idx) == iso.get(ch):
                fail(f"{where}: {ch} at {idx} uses its isolated glyph {iso.get(ch)}")


def check_naskh_fallback():
    rows = load(os.path.join(FIX, "naskh", "hard-lines.jsonl"))
    for row in rows:
        text = row["text"]
        for g in row["glyphs"]:
            ch = text[g["cluster"]]
            if "A" <= ch <= "Z" or "a" <= ch <= "z":
                if g["font"] != "NotoSans-Regular.ttf":
                    fail(f"naskh para {row['para']}: Latin {ch!r} shaped with {g['font']}")
            elif "\u0621" <= ch <= "\u064a":
                if g["font"] != "NotoNaskhArabic-Regular.ttf":
                    fail(f"naskh para {row['para']}: Arabic {ch!r} shaped with {g['font']}")
    fonts = {g["font"] for r in rows for g in r["glyphs"]}
    if fonts != FONTS["naskh"]:
        fail(f"naskh: fonts used {sorted(fonts)}")


def check_hard_lines():
    path = os.path.join(FIX, "hard-lines.txt")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[-1] == "":
        lines.pop()
    if len(lines) < 45:
        fail(f"hard-lines.txt has only {len(lines)} lines")
    for i, line in enumerate(lines, 1):
        if len(line) > 150:
            fail(f"hard-lines.txt line {i} is {len(line)} characters long")
        if not line:
            fail(f"hard-lines.txt line {i} is empty")
    # Paragraph directions that the README documents (1-based line numbers).
    expected = {1: "rtl", 15: "ltr", 16: "ltr", 17: "ltr", 18: "rtl", 19: "rtl",
                20: "ltr", 25: "ltr", 30: "ltr", 31: "ltr", 32: "rtl", 39: "rtl",
                40: "rtl", 51: "ltr", 52: "ltr"}
    digit = "0-9\u0660-\u0669\u06f0-\u06f9"
    number = re.compile(f"[{digit}]+(?:[/:.,\u066b\u066c][{digit}]+)*")
    for setup in FONTS:
        rows = load(os.path.join(FIX, setup, "hard-lines.jsonl"))
        for ln, d in expected.items():
            if rows[ln - 1]["direction"] != d:
                fail(f"{setup}/hard-lines line {ln}: direction {rows[ln - 1]['direction']}, "
                     f"expected {d}")
        # Numbers, dates and times read left to right in every line.
        for ln in (3, 4, 5, 7, 41, 42, 43, 44, 45, 46, 48, 54):
            row = rows[ln - 1]
            for token in number.findall(row["text"]):
                check_number_order(f"{setup}/hard-lines line {ln}", row, token)


def main():
    files = sorted(glob.glob(os.path.join(FIX, "*", "*.jsonl")))
    if not files:
        fail("no fixtures found")
    for path in files:
        setup = os.path.basename(os.path.dirname(path))
        if setup not in FONTS:
            fail(f"unexpected fixture directory {setup}")
            continue
        check_structure(setup, path)
    for setup in FONTS:
        check_sample_001(setup)
    check_naskh_fallback()
    check_hard_lines()
    checked = len(files)
    if failures:
        print(f"check-fixtures: {len(failures)} problem(s) in {checked} files", file=sys.stderr)
        return 1
    print(f"check-fixtures: {checked} fixture files OK", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
