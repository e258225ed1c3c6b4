"""Spare the start the reading PySide does of every module imported after it (import this first).

PySide reads the whole source of each module imported after it (``inspect.getsource``), looking for
the word "PySide6", for its opt-in ``from __feature__ import snake_case`` (PYSIDE-2029): ~6 ms of the
start for the ~50 modules the app then imports. Neither this app nor Python's own library opts in, so
their modules are marked as PySide would mark them: 0 ("uses Qt, no feature") for the ui package, -1
("ignore") for the others. A PySide without that table simply reads them, as before.
"""

import os
import sys

import PySide6.QtCore  # noqa: F401 - PySide's import hook and its table exist from here


def mark_modules_as_read() -> None:
    feature = sys.modules.get("shibokensupport.feature")
    marks = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(marks, dict):
        return
    for name in sys.stdlib_module_names:
        marks.setdefault(name, -1)
    ui = __name__.rpartition(".")[0]
    root = os.path.dirname(os.path.dirname(__file__))
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        package = os.path.relpath(folder, os.path.dirname(root)).replace(os.sep, ".")
        for file in files:
            if file.endswith(".py"):
                name = package if file == "__init__.py" else f"{package}.{file[:-3]}"
                marks.setdefault(name, 0 if name == ui or name.startswith(ui + ".") else -1)


mark_modules_as_read()
