#!/usr/bin/env bash
# Exports a document to BPMN and takes a screenshot of it as bpmn-js (the
# viewer of bpmn.io and the Camunda Modeler) draws it from its own diagram
# section, in headless Chromium, to look at (not run by CI). The page title
# reports the import: `ok <warnings>` or the error is shown on the page.
# Usage: tests/browser/bpmn-screenshot.sh INPUT OUT.png [WIDTH,HEIGHT]
set -euo pipefail
input=${1:?usage: bpmn-screenshot.sh INPUT OUT.png [WIDTH,HEIGHT]}
png=$(realpath -m "${2:?usage: bpmn-screenshot.sh INPUT OUT.png [WIDTH,HEIGHT]}")
size=${3:-2400,1400}
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
[ -d "$here/node_modules/bpmn-js" ] || npm ci --prefix "$here" --no-audit --no-fund
if ! command -v chromium >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y chromium
fi
profile=$(mktemp -d)
page="$here/view.html"
trap 'rm -rf "$profile" "$page"' EXIT
xml=$(cargo run --quiet -- export --to bpmn "$input" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(s)))')
dist="node_modules/bpmn-js/dist"
cat > "$page" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="$dist/assets/diagram-js.css">
<link rel="stylesheet" href="$dist/assets/bpmn-js.css">
<link rel="stylesheet" href="$dist/assets/bpmn-font/css/bpmn.css">
<style>html,body,#canvas{width:100%;height:100%;margin:0}</style></head>
<body><div id="canvas"></div>
<script src="$dist/bpmn-viewer.production.min.js"></script>
<script>
const viewer = new BpmnJS({ container: '#canvas' });
viewer.importXML($xml)
  .then((r) => { document.title = 'ok ' + r.warnings.length; viewer.get('canvas').zoom('fit-viewport'); })
  .catch((e) => { document.body.innerHTML = '<h1>error: ' + e.message + '</h1>'; });
</script></body></html>
HTML
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=5000 --screenshot="$png" \
  --window-size="$size" "file://$page"
echo "wrote $png"
