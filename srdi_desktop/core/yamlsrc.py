"""YAML loading for content files: safe, duplicate keys rejected, positions kept.

PyYAML's safe_load merges duplicate keys silently and forgets positions (style_notes §2.6), so this
subclasses SafeLoader. Mappings come back as ``Node`` dicts that remember where each key and value
stood. Booleans follow YAML 1.2 (only true/false), so an answer code ``no`` stays the string "no".

Aliases share one constructed object, but any walk over the data visits it once per reference: a 5 KB
"billion laughs" file expands to ~10^12 nodes. So the expanded size is bounded here (MAX_NODES), and
callers that load user data refuse aliases altogether (``aliases=False``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml

from .errors import DUPLICATE_KEY, YAML_SYNTAX, ContentError, Loc


class Node(dict[str, Any]):
    """A mapping that knows its own position and those of its keys and values."""

    loc: Loc
    key_locs: dict[str, Loc]
    value_locs: dict[str, Loc]

    def key_loc(self, key: str) -> Loc:
        return self.key_locs.get(key, self.loc)

    def value_loc(self, key: str) -> Loc:
        return self.value_locs.get(key, self.key_loc(key))


class Seq(list[Any]):
    """A sequence that knows its own position and those of its items."""

    loc: Loc
    item_locs: list[Loc]

    def item_loc(self, i: int) -> Loc:
        return self.item_locs[i] if i < len(self.item_locs) else self.loc


MAX_NODES = 1_000_000  # expanded, aliases counted at every reference; content files hold a few thousand


class _TooBig(Exception):
    pass


# libyaml parses and composes in C (content loads ~5x faster); construction and our hooks stay Python.
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    path = "<string>"
    text = ""
    errors: list[ContentError]

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        if "&" in self.text and "*" in self.text:  # no anchor and alias, no sharing: a tree, no need to count
            _count_expanded(node, MAX_NODES)
        return self.construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self._last_mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        return super().construct_object(node, deep=deep)

    def _loc(self, node: yaml.Node) -> Loc:
        # A quoted scalar's text starts after its quote: point there, so an expression's own column
        # offsets (E010, E011) land on the character they name.
        quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
        return Loc(self.path, node.start_mark.line + 1, node.start_mark.column + 1 + quoted)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:  # noqa: D401 - PyYAML hook
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        out = Node()
        out.loc, out.key_locs, out.value_locs = self._loc(node), {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in out:
                first = out.key_locs[key]
                self.errors.append(ContentError(
                    self._loc(key_node), DUPLICATE_KEY,
                    f"duplicate key '{key}' (first at line {first.line}); YAML would silently keep the last"))
                continue
            out[key] = self.construct_object(value_node, deep=True)
            out.key_locs[key] = self._loc(key_node)
            out.value_locs[key] = self._loc(value_node)
        return out

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> Any:
        out = Seq(self.construct_object(child, deep=True) for child in node.value)
        out.loc = self._loc(node)
        out.item_locs = [self._loc(child) for child in node.value]
        return out


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_sequence)
# YAML 1.2 booleans: drop yes/no/on/off from the implicit resolvers.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
# YAML 1.2 numbers: decimal only. YAML 1.1 read 0150 as 104 (octal), 1:30 as 90 (base 60) and 0x1F as
# 31; such values now stay strings, which a number question refuses with the place.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for ch, resolvers in _Loader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def _decimal_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    return int(loader.construct_scalar(node), 10)  # "0150" is 150, never octal


_Loader.add_constructor("tag:yaml.org,2002:int", _decimal_int)


def _count_expanded(node: yaml.Node, limit: int) -> None:
    """Raise _TooBig once more than ``limit`` nodes are visited, an aliased node at each reference.
    The work is bounded by ``limit`` whatever the file, unlike a walk of the expanded data."""
    stack, seen = [node], 0
    while stack:
        n = stack.pop()
        seen += 1
        if seen > limit:
            raise _TooBig
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)


def _first_alias(text: str) -> yaml.Mark | None:
    if "*" not in text:  # an alias needs one
        return None
    for token in yaml.scan(text, Loader=_Base):
        if isinstance(token, yaml.AliasToken):
            mark: yaml.Mark = token.start_mark
            return mark
    return None


def load_yaml_text(text: str, path: str, errors: list[ContentError], *, aliases: bool = True) -> Any:
    """Parse ``text``; append problems to ``errors``; return the data (None on a syntax error).

    Only the safe constructors exist, so tags such as !!python/object are rejected as errors.
    ``aliases=False`` (user data such as assessment files) refuses any ``*alias`` with its place.
    """
    loader = _Loader(text)
    loader.path = path
    loader.text = text
    loader.errors = errors
    try:
        if not aliases and (mark := _first_alias(text)) is not None:
            errors.append(ContentError(Loc(path, mark.line + 1, mark.column + 1), YAML_SYNTAX,
                                       "aliases (*name) are not allowed in this file"))
            return None
        return loader.get_single_data()
    except _TooBig:
        errors.append(ContentError(Loc(path, 1, 1), YAML_SYNTAX,
                                   f"aliases expand to more than {MAX_NODES:,} values; refused"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Loc(path, mark.line + 1, mark.column + 1) if mark else Loc(path)
        problem = exc.problem or exc.context or "invalid YAML"
        errors.append(ContentError(loc, YAML_SYNTAX, f"YAML syntax error: {problem}"))
    except yaml.YAMLError as exc:
        errors.append(ContentError(Loc(path), YAML_SYNTAX, f"YAML error: {exc}"))
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a date such as 2026-13-01
        mark = getattr(loader, "_last_mark", None)
        errors.append(ContentError(Loc(path, *(mark or (0, 0))), YAML_SYNTAX, f"invalid value: {exc}"))
    finally:
        loader.dispose()
    return None


def load_scalar(text: str, where: str) -> Any:
    """A value typed on a command line (``--set ID=VALUE``) read by exactly the rules of an assessment
    file; text that is not valid YAML stays the text, to be validated as such."""
    errors: list[ContentError] = []
    value = load_yaml_text(text, where, errors, aliases=False)
    return text if errors else value
