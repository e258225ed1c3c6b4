"""The frozen program's entry point (PyInstaller): the same `srdi-desktop` command as the pip install."""

import multiprocessing

from srdi_desktop.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # `report -j N` starts workers from this executable
    raise SystemExit(main())
