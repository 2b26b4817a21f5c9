#!/usr/bin/env python3
"""Regenerate kk_numerals.tsv, the reference table for src/numerals.rs.

The Rust tests read the committed table and never call Python; run this only
when the table itself should change:

    pip install num2words
    python3 tests/data/gen_kk_numerals.py > tests/data/kk_numerals.tsv

The values are all of 0..=30, every ten, hundred and thousand, a few edge
cases, and a fixed-seed random sample, so that a rerun gives the same table.
"""

import random
import sys

from num2words import num2words

# Every letter num2words may emit for 0..=9999 in Kazakh; anything else
# (a Latin homoglyph, a Russian-only letter) would mean the library changed
# and the table must not be trusted.
KAZAKH_LETTERS = set("абгежзиклмнопрстушыіғқңүө ")


def values():
    chosen = set(range(0, 31))
    chosen |= set(range(40, 100, 10))
    chosen |= set(range(100, 1000, 100))
    chosen |= set(range(1000, 10000, 1000))
    chosen |= {99, 101, 110, 111, 199, 999, 1001, 1010, 1100, 1111, 1999, 2020, 9999}
    rng = random.Random(20240611)
    while len(chosen) < 200:
        chosen.add(rng.randrange(0, 10000))
    return sorted(chosen)


def main():
    out = sys.stdout
    out.write("integer\twords\n")
    for n in values():
        words = num2words(n, lang="kz")
        bad = set(words) - KAZAKH_LETTERS
        if bad:
            raise SystemExit(f"{n}: unexpected characters {sorted(bad)!r} in {words!r}")
        out.write(f"{n}\t{words}\n")


if __name__ == "__main__":
    main()
