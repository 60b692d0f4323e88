#!/usr/bin/env bash
# The README's pictures of the public page (SPEC §9.2), made from the program's own output:
# runs the release gsw with --public on a copy of sample-data as of 2026-11-30 and takes
# headless Chromium screenshots of 工作站汇总_2026-11-30_公开.html at a desktop's size
# (docs/public.png) and a phone's (docs/public-phone.png).
#
#   scripts/render-public.sh
#
# Needs Debian's chromium and fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || {
    echo "render-public: needs chromium (apt-get install chromium fonts-noto-cjk)" >&2
    exit 1
}
cargo build --release --locked --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r sample-data "$work/示例数据"
rm -rf "$work/示例数据/汇总结果"
target/release/gsw consolidate "$work/示例数据" --as-of 2026-11-30 --public -q
page=$work/示例数据/汇总结果/工作站汇总_2026-11-30_公开.html
shoot() {
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
        --hide-scrollbars --screenshot="$1" --window-size="$2" "file://$page" >/dev/null 2>&1
    [[ -s $1 ]] || { echo "render-public: Chromium made no $1" >&2; exit 1; }
}
shoot "$PWD/docs/public.png" 1200,800
shoot "$PWD/docs/public-phone.png" 390,844
echo "render-public: wrote docs/public.png and docs/public-phone.png"
