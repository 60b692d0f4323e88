#!/usr/bin/env bash
# Renders the staff member's guide, docs/使用说明.md, to 使用说明.pdf (and .html), with
# pictures of the real summary workbook, for the Windows package (scripts/package-windows.sh).
#
#   scripts/render-guide.sh [OUT_DIR]        default: target/使用说明
#
# 1. Runs the release gsw on a copy of sample-data twice, a month apart, the review form
#    arriving in the second month (so 本月变化 has something to show), as of 2026-11-30.
# 2. Puts that run's real window output between the guide's window markers; docs/使用说明.md
#    is rewritten when it differs (commit the change).
# 3. Pictures: LibreOffice prints the summary with one page per sheet, pdftoppm cuts the
#    top left of each sheet the guide shows (a line ![…](图/<sheet>.png)) into OUT_DIR/图/.
#    A sheet of the workbook that the guide does not show stops the script.
# 4. pandoc turns the guide into HTML (scripts/guide.css), Chromium prints it to PDF.
#
# Needs Debian's libreoffice-calc, poppler-utils, pandoc, chromium and fonts-noto-cjk, and
# python3 (reads the sheet names).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$(realpath -m "${1:-target/使用说明}")
guide=docs/使用说明.md
as_of=2026-11-30
previous=2026-10-31
# Where the window text says the reports are (the guide's example folder).
shown_dir='D:\工作站年报'
# Pictures show the top left of a sheet: at most this wide, in points of the printed sheet
# (72 to the inch; 1000 pt is 汇总 up to 等级), wider where the telling column is far right,
# and about 0.42 as high as wide (higher for the charts). 150 dpi, sharp when zoomed in.
default_width_pt=1000
declare -A width_pt=([问题清单]=1400)
declare -A aspect=([图表]=0.62)
dpi=150

missing=()
for tool in soffice:libreoffice-calc pdftoppm:poppler-utils pandoc:pandoc chromium:chromium \
    python3:python3; do
    command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
fc-list 2>/dev/null | grep "Noto Sans CJK SC" >/dev/null || missing+=(fonts-noto-cjk)
if ((${#missing[@]})); then
    echo "render-guide: missing ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
fi

cargo build --release --locked --quiet
gsw=$root/target/release/gsw

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Two monthly runs on the sample data.
cp -r sample-data "$work/示例数据"
rm -rf "$work/示例数据/汇总结果"
mv "$work/示例数据/专家评议表.xlsx" "$work/"
(cd "$work" && "$gsw" consolidate 示例数据 --as-of "$previous" -q)
mv "$work/专家评议表.xlsx" "$work/示例数据/"
(cd "$work" && "$gsw" consolidate 示例数据 --as-of "$as_of" >"$work/window.txt")
summary=$work/示例数据/汇总结果/工作站汇总_$as_of.xlsx

# 2. The window as the staff member sees it after a double-click (src/cmd/desktop.rs).
{
    echo '```text'
    echo '请把报表文件夹拖到此窗口，然后按回车：'
    echo "> \"$shown_dir\""
    SHOWN=$shown_dir python3 -c '
import os, sys
shown = os.environ["SHOWN"]
for line in sys.stdin:
    for head in ("汇总工作簿：", "学院反馈："):
        if line.startswith(head + "示例数据/"):
            rest = line[len(head + "示例数据/"):]
            line = head + shown + "\\" + rest.replace("/", "\\")
    sys.stdout.write(line)
' <"$work/window.txt"
    echo
    echo '按回车键关闭窗口……'
    echo '```'
} >"$work/window.md"
awk -v block="$work/window.md" '
    /<!-- window:start -->/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
    /<!-- window:end -->/ { skip = 0 }
    !skip
' "$guide" >"$work/guide.md"
if ! cmp -s "$work/guide.md" "$guide"; then
    cp "$work/guide.md" "$guide"
    echo "render-guide: updated the window output in $guide from the program's real output; commit it"
fi

# 3. One picture per sheet shown in the guide.
rm -rf "$out"
mkdir -p "$out/图"
soffice -env:UserInstallation="file://$work/lo" --headless \
    --convert-to 'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}' \
    --outdir "$work" "$summary" >/dev/null 2>&1
pdf=$work/工作站汇总_$as_of.pdf
[[ -s $pdf ]] || { echo "render-guide: LibreOffice made no PDF of $summary" >&2; exit 1; }
mapfile -t sheets < <(python3 -c '
import re, sys, zipfile
xml = zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode()
for name in re.findall(r"<sheet\b[^>]*?\bname=\"([^\"]*)\"", xml):
    print(name)
' "$summary")
mapfile -t shown < <(grep -o '^!\[[^]]*\](图/[^)]*\.png)' "$guide" | sed 's#^.*](图/##; s#\.png)$##')
for sheet in "${sheets[@]}"; do
    found=0
    for name in "${shown[@]}"; do
        [[ $name == "$sheet" ]] && found=1
    done
    ((found)) || {
        echo "render-guide: the summary's sheet $sheet has no section and picture in $guide" >&2
        exit 1
    }
done
for name in "${shown[@]}"; do
    page=0
    for i in "${!sheets[@]}"; do
        [[ ${sheets[$i]} == "$name" ]] && page=$((i + 1))
    done
    ((page)) || { echo "render-guide: $guide shows 图/$name.png, but the summary has no sheet $name" >&2; exit 1; }
    page_width=$(pdfinfo -f "$page" -l "$page" "$pdf" | awk '/^Page +[0-9]+ size:/ { print int($4) }')
    w=${width_pt[$name]:-$default_width_pt}
    ((w < page_width)) || w=$page_width
    h=$(awk -v w="$w" -v a="${aspect[$name]:-0.42}" 'BEGIN { print int(w * a) }')
    pdftoppm -f "$page" -l "$page" -r "$dpi" -x 0 -y 0 \
        -W $((w * dpi / 72)) -H $((h * dpi / 72)) -png -singlefile "$pdf" "$out/图/$name"
done

# 4. HTML, then PDF.
# Without the comment for developers at its top, the guide's first heading becomes the title.
awk 'NR == 1 && /^<!--/ { skip = 1 } !skip { print } skip && /-->/ { skip = 0 }' "$guide" \
    >"$out/使用说明.md"
pandoc "$out/使用说明.md" --from markdown --to html5 --standalone --quiet \
    --shift-heading-level-by=-1 --toc --toc-depth=1 \
    --metadata lang=zh-CN --css guide.css -o "$out/使用说明.html"
cp scripts/guide.css "$out/"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
    --no-pdf-header-footer --print-to-pdf="$out/使用说明.pdf" \
    "file://$out/使用说明.html" >/dev/null 2>&1
[[ -s $out/使用说明.pdf ]] || { echo "render-guide: Chromium made no PDF" >&2; exit 1; }

# 5. The rules and their readings (docs/规则.md) the same way, as 规则说明.pdf.
pandoc docs/规则.md --from markdown --to html5 --standalone --quiet \
    --shift-heading-level-by=-1 --toc --toc-depth=1 \
    --metadata lang=zh-CN --metadata title=评定规则与解释 --css guide.css -o "$out/规则说明.html"
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
    --no-pdf-header-footer --print-to-pdf="$out/规则说明.pdf" \
    "file://$out/规则说明.html" >/dev/null 2>&1
[[ -s $out/规则说明.pdf ]] || { echo "render-guide: Chromium made no 规则说明.pdf" >&2; exit 1; }
echo "$out/使用说明.pdf"
