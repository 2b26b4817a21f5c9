#!/usr/bin/env bash
# Fills fuzz/corpus/pipeline with pieces of the seeds (their first and last
# 4 KiB, and each chapter-sized slice), so that the fuzzer starts from real
# regulations without committing them twice. Run from anywhere.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/corpus/pipeline"
mkdir -p "$out"
for seed in "$here"/../corpus/*.txt; do
  base="$(basename "$seed" .txt)"
  head -c 4096 "$seed" > "$out/seed-$base-head"
  tail -c 4096 "$seed" > "$out/seed-$base-tail"
  split -b 16384 -d "$seed" "$out/seed-$base-part"
done
