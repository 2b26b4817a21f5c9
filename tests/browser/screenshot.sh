#!/usr/bin/env bash
# Renders a document with `reglament render` and takes a screenshot of its
# index.html in headless Chromium, to look at (not run by CI).
# Usage: tests/browser/screenshot.sh INPUT OUT.png [WIDTH,HEIGHT]
set -euo pipefail
input=${1:?usage: screenshot.sh INPUT OUT.png [WIDTH,HEIGHT]}
png=${2:?usage: screenshot.sh INPUT OUT.png [WIDTH,HEIGHT]}
size=${3:-1400,2400}
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y chromium
fi
dir=$(mktemp -d)
profile=$(mktemp -d)
trap 'rm -rf "$dir" "$profile"' EXIT
cargo run --quiet -- render "$input" -o "$dir"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$(realpath -m "$png")" \
  --window-size="$size" "file://$dir/index.html"
echo "wrote $png"
