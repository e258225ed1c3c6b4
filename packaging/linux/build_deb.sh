#!/usr/bin/env bash
# Linux: a PyInstaller one-folder build of the app, packed as dist/srdi-desktop_<version>_amd64.deb.
# Called by packaging/build.sh linux (with the version). Builds in its own venv under build/linux, so
# what is bundled is exactly the project's wheel and its dependencies, not the developer's venv.
set -euo pipefail
VERSION="$1"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
. "$here/../versions.sh"
PY="${PYTHON:-python3}"
b=build/linux
# Set DEB_MAINTAINER="Name <address>" for a release; the default is a placeholder.
MAINTAINER="${DEB_MAINTAINER:-srdi-desktop maintainers <maintainers@srdi-desktop.example.org>}"
command -v patchelf >/dev/null || { echo "patchelf missing: apt-get install patchelf" >&2; exit 1; }
rm -rf "$b/pyi" "$b/deb"
mkdir -p "$b" dist

# PYTHONPATH would make PyInstaller bundle a source tree (without _data) instead of the installed wheel.
unset PYTHONPATH
echo "== build venv"
[ -x "$b/venv/bin/python" ] || "$PY" -m venv "$b/venv"
"$PY" -m pip wheel -q --no-deps -w "$b/wheel" . >/dev/null
"$b/venv/bin/python" -m pip install -q --disable-pip-version-check "pyinstaller==$PYINSTALLER_VERSION" \
  "PySide6-Essentials==$WIN_PYSIDE6_VERSION"
"$b/venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps \
  "$b/wheel/srdi_desktop-$VERSION-py3-none-any.whl"
"$b/venv/bin/python" -m pip install -q --disable-pip-version-check "$b/wheel/srdi_desktop-$VERSION-py3-none-any.whl"

echo "== PyInstaller (one folder)"
# srdi_desktop imports many of its modules inside functions; collect them all, and its content (_data).
"$b/venv/bin/pyinstaller" --noconfirm --log-level WARN --onedir --name srdi-desktop \
  --distpath "$b/pyi/dist" --workpath "$b/pyi/work" --specpath "$b/pyi" \
  --collect-submodules srdi_desktop --collect-data srdi_desktop \
  --exclude-module tkinter --exclude-module PySide6.QtNetwork \
  "$here/entry.py"
app="$b/pyi/dist/srdi-desktop"
find "$app" -depth \( -name __pycache__ -o -name '*.pyi' \) -exec rm -rf {} +
qt="$app/_internal/PySide6/Qt"
# Platforms a desktop uses (X11, Wayland) and offscreen for the smoke test; not framebuffer/VNC/EGLFS.
# The GTK3 theme plugin would make the package depend on GTK; Qt's own Fusion style looks the same.
rm -rf "$qt/plugins/egldeviceintegrations" "$qt/plugins/platformthemes/libqgtk3.so" "$app"/_internal/libQt6EglF*
rm -f "$qt"/plugins/platforms/{libqeglfs,libqlinuxfb,libqminimalegl,libqvkkhrdisplay,libqvnc}.so
# Image formats: the app shows PNG (built in), SVG and ICO; not JPEG/TIFF/WebP (each embeds its codec).
rm -f "$qt"/plugins/imageformats/{libqjpeg,libqtiff,libqwebp,libqicns,libqtga,libqwbmp,libqpdf}.so
# Qt's own translations: the Chinese ones the app loads (qtbase_zh_CN for the wizard's buttons).
find "$qt/translations" -type f ! -name 'qtbase_zh_CN.qm' ! -name 'qt_zh_CN.qm' -delete
test -f "$qt/translations/qtbase_zh_CN.qm" && test -f "$qt/plugins/platforms/libqoffscreen.so"
# PyInstaller also copied libraries of this machine (X11, glib, fontconfig, ...). A .deb takes those
# from Debian: a bundled file identical to an installed Debian library goes, and dpkg-shlibdeps below
# turns what is still linked into Depends. What stays is what the wheels brought (Qt, ICU, Pillow's
# libraries) and the Python runtime.
for f in "$app"/_internal/*.so*; do
  sys="$(dpkg -S "*/$(basename "$f")" 2>/dev/null | sed -n '1s/^[^ ]* //p' || true)"
  if [ -n "$sys" ] && cmp -s "$f" "$sys"; then rm -f "$f"; fi
done
# A RUNPATH of the build machine (a pyenv Python's /root/.pyenv/...) means nothing on a user's; the
# $ORIGIN ones find the bundled Qt.
find "$app" -type f -name '*.so*' -print0 | while IFS= read -r -d '' f; do
  rp="$(patchelf --print-rpath "$f" 2>/dev/null || true)"
  if [ -n "$rp" ] && [ "${rp#\$ORIGIN}" = "$rp" ]; then patchelf --remove-rpath "$f"; fi
done
find "$app/_internal" -type f -name '*.so*' -exec chmod 644 {} +  # libraries are not programs (lintian)
# Debug symbols are no use to a user and make up a third of the size.
find "$app" -type f \( -name '*.so*' -o -name srdi-desktop \) -exec sh -c \
  'file -b "$1" | grep -q "^ELF.*not stripped" && strip --strip-unneeded "$1"' _ {} \;

echo "== .deb"
d="$b/deb"
install -d "$d/DEBIAN" "$d/usr/lib" "$d/usr/bin" "$d/usr/share/applications" "$d/usr/share/doc/srdi-desktop" \
  "$d/usr/share/man/man1" "$d/usr/share/lintian/overrides" "$d/usr/share/icons/hicolor/scalable/apps"
cp -a "$app" "$d/usr/lib/srdi-desktop"
chmod -R u+rwX,go+rX,go-w "$d/usr/lib/srdi-desktop"
ln -s ../lib/srdi-desktop/srdi-desktop "$d/usr/bin/srdi-desktop"
install -m 644 "$here/srdi-desktop.desktop" "$d/usr/share/applications/"
"$PY" "$here/../make_icons.py" "$b/icons" >/dev/null
for s in 16 24 32 48 64 128 256; do
  install -D -m 644 "$b/icons/srdi-desktop-$s.png" "$d/usr/share/icons/hicolor/${s}x${s}/apps/srdi-desktop.png"
done
install -m 644 "$here/../icon.svg" "$d/usr/share/icons/hicolor/scalable/apps/srdi-desktop.svg"
install -m 644 "$here/copyright" "$d/usr/share/doc/srdi-desktop/copyright"
printf 'srdi-desktop (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
  "$VERSION" "$VERSION" "$MAINTAINER" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}")" \
  | gzip -9n > "$d/usr/share/doc/srdi-desktop/changelog.gz"
gzip -9n < "$here/srdi-desktop.1" > "$d/usr/share/man/man1/srdi-desktop.1.gz"
chmod 644 "$d/usr/share/doc/srdi-desktop/changelog.gz" "$d/usr/share/man/man1/srdi-desktop.1.gz"
install -m 644 "$here/lintian-overrides" "$d/usr/share/lintian/overrides/srdi-desktop"

# Depends: the system libraries the bundle links (libc, fontconfig, GL, xcb, ...), found by
# dpkg-shlibdeps; the libraries PyInstaller bundled are searched in the bundle itself.
tmpctl="$b/shlibdeps"; rm -rf "$tmpctl"; mkdir -p "$tmpctl/debian"
printf 'Source: srdi-desktop\n\nPackage: srdi-desktop\nArchitecture: amd64\n' > "$tmpctl/debian/control"
mapfile -t elves < <(find "$d/usr/lib/srdi-desktop" -type f \( -name '*.so*' -o -name srdi-desktop \) -exec sh -c 'file -b "$1" | grep -q ^ELF && echo "$1"' _ {} \;)
libdirs=$(find "$d/usr/lib/srdi-desktop" -name '*.so*' -printf '%h\n' | sort -u | sed "s|^|-l$root/|")
depends=$(cd "$tmpctl" && dpkg-shlibdeps -O --ignore-missing-info $libdirs "${elves[@]/#/$root/}" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
size_kb=$(du -sk "$d/usr" | cut -f1)
cat > "$d/DEBIAN/control" <<CTL
Package: srdi-desktop
Version: $VERSION
Architecture: amd64
Maintainer: $MAINTAINER
Installed-Size: $size_kb
Depends: $depends, sensible-utils
Section: misc
Priority: optional
Description: offline SRDI (专精特新) self-assessment for SME managers
 A desktop wizard collects a firm's self-assessment and tells, under the
 official criteria in force on the assessment date, which recognition tier
 the firm meets and what is missing; it prints a roadmap PDF. Chinese and
 English. Everything stays on this computer.
CTL
find "$d" -type d -exec chmod 755 {} +
(cd "$d" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
out="dist/srdi-desktop_${VERSION}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$d" "$out" >/dev/null
echo "bundle: $(du -sm "$app" | cut -f1) MB; deb: $(du -m "$out" | cut -f1) MB -> $out"
