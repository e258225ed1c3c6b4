"""The check the installer tests apply to an installed tree finds what it must (it runs in the quick suite)."""

import pytest

from tests.packaging.conftest import leftovers


@pytest.mark.parametrize("path", [
    "python/Lib/site-packages/srdi_desktop/__pycache__/cli.cpython-313.pyc",
    "python/Lib/site-packages/yaml/tests/test_x.py",
    "python/Lib/site-packages/PySide6/QtCore.pyi",
    "python/Lib/site-packages/PySide6/include/qt.h",
    "conftest.py",
    "app/test_wizard.py",
    "python/Lib/site-packages/srdi_desktop.egg-info",
    "build/lib/srdi_desktop/cli.py",
    "python/Lib/site-packages/build/lib/x.py",
    "python/Lib/site-packages/shiboken6/include/sbkpython.h",
    "srdi_desktop-0.1.0-py3-none-any.whl",
])
def test_leftovers_are_found(path):
    assert leftovers([path]) == [path]


@pytest.mark.parametrize("path", [
    "python/Lib/site-packages/srdi_desktop/cli.py",
    "python/Lib/site-packages/srdi_desktop/_data/forms/finance.yaml",
    "python/Lib/site-packages/PySide6/translations/qtbase_zh_CN.qm",
    "python/python313.zip",
    "python/Lib/site-packages/srdi_desktop-0.1.0.dist-info/RECORD",
    "usr/lib/srdi-desktop/_internal/base_library.zip",
    "python/Lib/site-packages/pip/_internal/operations/build/wheel.py",
])
def test_program_files_are_not_leftovers(path):
    assert leftovers([path]) == []
