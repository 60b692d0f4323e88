#!/usr/bin/env bash
# Builds the Windows package for the staff member, from Linux:
#
#   scripts/package-windows.sh             dist/gsw-<version>-windows-x86_64.zip
#   scripts/package-windows.sh --exe-only  only the stripped gsw.exe (tests/windows.rs)
#
# The zip holds one folder gsw-<version>-windows-x86_64/ with
#   gsw.exe        the program, cross-compiled with mingw-w64 (cargo profile `dist`: the
#                  release build without debug line tables, stripped; must stay under 15 MB)
#   模板/          the blank templates (templates/, kept equal to the program's by tests/template.rs)
#   示例数据/      sample-data/
#   使用说明.pdf   docs/使用说明.md, rendered by scripts/render-guide.sh
#   规则说明.pdf   docs/规则.md, the rules and the program's readings, rendered the same way
#
# Needs: rustup target x86_64-pc-windows-gnu, Debian's mingw-w64, python3 (writes the zip),
# and what scripts/render-guide.sh needs.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
limit=15000000 # bytes: gsw.exe must stay under 15 MB

if ! rustup target list --installed 2>/dev/null | grep -x "$target" >/dev/null; then
    echo "package-windows: missing the Rust target (rustup target add $target)" >&2
    exit 1
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
    echo "package-windows: missing mingw-w64 (apt-get install mingw-w64)" >&2
    exit 1
fi

cargo build --locked --quiet --profile dist --target "$target" --bin gsw
exe=${CARGO_TARGET_DIR:-target}/$target/dist/gsw.exe
size=$(stat -c %s "$exe")
if ((size >= limit)); then
    echo "package-windows: $exe is $size bytes, over the 15 MB limit" >&2
    exit 1
fi
if [[ ${1:-} == --exe-only ]]; then
    echo "$exe"
    exit 0
fi

version=$(cargo pkgid | sed 's/.*[#@]//')
name=gsw-$version-windows-x86_64
stage=target/package/$name
rm -rf "$stage"
mkdir -p "$stage" dist

scripts/render-guide.sh target/package/使用说明 >/dev/null
cp "$exe" "$stage/gsw.exe"
cp -r templates "$stage/模板"
cp -r sample-data "$stage/示例数据"
rm -rf "$stage/示例数据/汇总结果"
cp target/package/使用说明/使用说明.pdf "$stage/使用说明.pdf"
cp target/package/使用说明/规则说明.pdf "$stage/规则说明.pdf"

# Names stored as UTF-8 and flagged so (bit 11), which Windows' own "Extract all" has read
# since Windows 7, as do 7-Zip, WinRAR and Bandizip. Every entry is dated with the last
# commit (the PDF still differs from build to build: Chromium dates it).
zip=dist/$name.zip
rm -f "$zip"
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s) \
    python3 - "$stage" "$zip" <<'EOF'
import os, sys, time, zipfile
stage, out = sys.argv[1], sys.argv[2]
base = os.path.dirname(stage)
stamp = time.gmtime(max(int(os.environ["SOURCE_DATE_EPOCH"]), 315532800))[:6]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, dirs, files in os.walk(stage):
        dirs.sort()
        for name in sorted(dirs) + sorted(files):
            path = os.path.join(folder, name)
            arc = os.path.relpath(path, base).replace(os.sep, "/")
            is_dir = os.path.isdir(path)
            info = zipfile.ZipInfo(arc + "/" if is_dir else arc, stamp)
            info.create_system = 3  # Unix: Info-ZIP's unzip then keeps the UTF-8 names too
            info.external_attr = ((0o40755 if is_dir else 0o100644) << 16) | (0x10 if is_dir else 0)
            if is_dir:
                z.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as f:
                    z.writestr(info, f.read())
EOF
echo "$zip ($(stat -c %s "$zip") bytes; gsw.exe $size bytes)"
