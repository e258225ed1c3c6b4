"""Every string key the code reads exists, and every key in resources/i18n is read somewhere.

Keys are read as literals (tr("home.new", …), or kept in tables and tuples first) and built from a literal
prefix (tr(f"rec.{kind}", …), tr("hz." + horizon, …)). Reading the code's syntax tree finds both.
"""

import ast
import re
from pathlib import Path

import pytest

from srdi_desktop import paths
from srdi_desktop.core.i18n_source import KEY, load_strings

PACKAGE = Path(__file__).resolve().parent.parent / "srdi_desktop"
KEYS = load_strings(paths.I18N_DIR)[0]
NAMESPACES = {k.split(".")[0] for k in KEYS}


def _looks_like_key(text: str) -> bool:
    return bool(KEY.fullmatch(text)) and text.split(".")[0] in NAMESPACES


class _Reads(ast.NodeVisitor):
    """Literal keys (with their places) and the patterns of keys built from a literal prefix."""

    def __init__(self, path: Path):
        self.path = path
        self.literals: list[tuple[str, str]] = []
        self.patterns: list[tuple[re.Pattern, str]] = []

    def _where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{node.lineno}"

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:  # f"rec.{error.kind}"
        rx = "".join(re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in node.values)
        head = node.values[0]
        if isinstance(head, ast.Constant) and _looks_like_key(head.value.split("{")[0] + "x"):
            self.patterns.append((re.compile(rx), self._where(node)))
        for v in node.values:  # the literal parts are not keys of their own; the expressions may read some
            if isinstance(v, ast.FormattedValue):
                self.visit(v.value)

    def visit_BinOp(self, node: ast.BinOp) -> None:  # "hz." + f["horizon"]
        left = node.left
        if (isinstance(node.op, ast.Add) and isinstance(left, ast.Constant) and isinstance(left.value, str)
                and _looks_like_key(left.value + "x")):
            self.patterns.append((re.compile(re.escape(left.value) + ".+"), self._where(node)))
            self.visit(node.right)
            return
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str) and _looks_like_key(node.value):
            self.literals.append((node.value, self._where(node)))


def _reads():
    literals, patterns = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        r = _Reads(path)
        r.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        literals += r.literals
        patterns += r.patterns
    return literals, patterns


LITERALS, PATTERNS = _reads()


def test_the_scan_finds_the_kinds_of_reads_the_code_has():
    literal_keys = {k for k, _ in LITERALS}
    assert {"home.new", "app.title", "a.unknown", "s.eligible"} <= literal_keys  # call, lambda, tuple, table
    shown = {rx.pattern for rx, _ in PATTERNS}
    assert {r"rec\..+", r"hz\..+", r"menu\.export_.+"} <= shown


@pytest.mark.parametrize(("key", "where"), LITERALS, ids=[w for _, w in LITERALS])
def test_every_key_read_exists(key, where):
    assert key in KEYS, f"{where} reads '{key}', which is not in resources/i18n"


@pytest.mark.parametrize(("rx", "where"), PATTERNS, ids=[w for _, w in PATTERNS])
def test_every_built_key_can_exist(rx, where):
    assert any(rx.fullmatch(k) for k in KEYS), f"{where} builds keys like {rx.pattern}; none exists"


def test_every_key_is_read_somewhere():
    read = {k for k, _ in LITERALS}
    unread = [k for k in KEYS if k not in read and not any(rx.fullmatch(k) for rx, _ in PATTERNS)]
    assert unread == [], f"keys nothing reads (delete them or use them): {unread}"
