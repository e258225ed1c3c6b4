"""The content cache (issue 18): the same Content with or without it, rebuilt when a file changes, and a
damaged, foreign or planted cache file is ignored and replaced — never trusted, never able to run code."""

import os
import pickle
import shutil

import msgspec
import pytest

from srdi_desktop import content_cache, paths
from srdi_desktop.core.content import load_content as load_uncached
from srdi_desktop.core.errors import ContentErrors, Loc
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.expr import Expr


def _files():
    return content_cache.stamps([paths.FORMS_DIR, paths.RULES_DIR])


def _evaluation(content):
    from srdi_desktop.core.document import parse_document

    a = parse_document(paths.DEMO_FILE.read_bytes(), "demo", content.questionnaire)
    return evaluate(content, a.answers, a.assessed_on).to_json()


def test_the_cached_content_evaluates_exactly_as_the_parsed_one(tmp_path):
    first = content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR)  # writes the cache
    file, _key = content_cache.cache_file(_files())
    assert file.is_file() and file.parent == paths.user_cache_dir()
    second = content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR)  # reads it
    plain = load_uncached(paths.FORMS_DIR, paths.RULES_DIR)
    assert first.rules_hash == second.rules_hash == plain.rules_hash
    assert _evaluation(second) == _evaluation(plain)
    assert [q.id for q in second.questionnaire.questions] == [q.id for q in plain.questionnaire.questions]
    assert [(q.label, q.help, q.type) for q in second.questionnaire.questions] == \
        [(q.label, q.help, q.type) for q in plain.questionnaire.questions]


def _same(a, b, where="content"):
    """``a`` and ``b`` hold the same values all the way down; an expression by its text and names (its
    closures are built again on first call, so the two never compare equal)."""
    assert type(a) is type(b), where
    if isinstance(a, Expr):
        assert (a.text, a.names) == (b.text, b.names), where
    elif isinstance(a, msgspec.Struct):
        for name in a.__struct_fields__:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, tuple | list):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, dict):
        assert list(a) == list(b), where
        for k in a:
            _same(a[k], b[k], f"{where}[{k!r}]")
    elif not callable(a):  # a function (a measure's symbol): its type is checked above
        assert a == b, where


def test_the_cached_content_holds_every_field_of_the_parsed_one():
    content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR)  # writes the cache
    _same(content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR), load_uncached(paths.FORMS_DIR, paths.RULES_DIR))


class _Planted:
    """What a hostile file would ask for: a call to os.system while unpickling."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def _planted(obj) -> bytes:
    return pickle.dumps(obj, protocol=5)


class _Foreign(msgspec.Struct):
    """A Struct, but not one of core's."""

    path: str


# Loc("x") as the cache held it while core's classes were dataclasses: the class made empty (NEWOBJ),
# then its fields set (BUILD). A Struct cannot be built that way.
_AS_A_DATACLASS = (b"\x80\x05\x95H\x00\x00\x00\x00\x00\x00\x00\x8c\x18srdi_desktop.core.errors\x94\x8c\x03Loc"
                   b"\x94\x93\x94)\x81\x94}\x94(\x8c\x04path\x94\x8c\x01x\x94\x8c\x04line\x94K\x00\x8c\x03col\x94K"
                   b"\x00ub.")


@pytest.mark.parametrize("damage", [
    lambda m: b"",
    lambda m: b"not a pickle",
    lambda m: content_cache.FORMAT.encode() + b" other-key\n" + _planted(Loc("x")),  # another key
    lambda m: b"HEADER" + b"\x80\x05truncated",
    lambda m: b"HEADER" + _planted([1, 2]),  # not a Content
    lambda m: b"HEADER" + _planted(Loc("x")),  # a core class, but not a Content
    lambda m: b"HEADER" + _planted(_Planted(m)),  # a call to os.system
    lambda m: b"HEADER" + _planted(shutil.rmtree),  # any function outside core
    lambda m: b"HEADER" + _planted(content_cache.Path("/")),  # a class outside core
    lambda m: b"HEADER" + _planted(evaluate),  # a core function that is not recompiled
], ids=["empty", "garbage", "other key", "truncated", "a list", "a Loc", "os.system", "a function",
        "a foreign class", "a core function"])
def test_a_damaged_foreign_or_planted_cache_is_ignored_and_replaced(damage, tmp_path):
    file, key = content_cache.cache_file(_files())
    file.parent.mkdir(parents=True, exist_ok=True)
    marker = tmp_path / "ran"
    file.write_bytes(damage(marker).replace(b"HEADER", content_cache._header(key)))
    content = content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR)
    assert not marker.exists()  # nothing in the file was run
    assert _evaluation(content) == _evaluation(load_uncached(paths.FORMS_DIR, paths.RULES_DIR))
    assert file.read_bytes().startswith(content_cache._header(key))  # rewritten whole
    assert isinstance(content_cache._read(file, key), type(content))


@pytest.mark.parametrize(("data", "why"), [
    (_planted(_Planted("/nonexistent/x")), "not allowed"),
    (_planted(_Foreign("x")), "not allowed"),
    (_AS_A_DATACLASS, "NEWOBJ"),
], ids=["os.system", "a foreign Struct", "a core class as a dataclass"])
def test_the_unpickler_refuses_what_core_does_not_define_or_no_longer_builds(data, why):
    with pytest.raises(pickle.UnpicklingError, match=why):
        content_cache._Unpickler(__import__("io").BytesIO(data)).load()


def test_an_edited_rule_is_read_afresh_and_an_error_is_reported_not_cached(tmp_path):
    forms, rules = tmp_path / "forms", tmp_path / "rules"
    shutil.copytree(paths.FORMS_DIR, forms)
    shutil.copytree(paths.RULES_DIR, rules)
    before = content_cache.load_content(forms, rules)
    size = rules / "sme_size.yaml"
    size.write_text(size.read_text(encoding="utf-8") + "\nextra_key: 1\n", encoding="utf-8")
    with pytest.raises(ContentErrors) as exc:
        content_cache.load_content(forms, rules)
    assert any("extra_key" in str(e) for e in exc.value.errors)
    caches = sorted(paths.user_cache_dir().glob("content-*.pickle"))
    assert len(caches) == 1  # only the good one; the broken files left nothing behind
    size.write_text(size.read_text(encoding="utf-8").replace("\nextra_key: 1\n", ""), encoding="utf-8")
    assert content_cache.load_content(forms, rules).rules_hash == before.rules_hash  # back as it was


def test_a_cache_folder_that_cannot_be_written_is_skipped(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(paths.CACHE_ENV, str(blocker / "cache"))  # under a file: cannot be created
    assert content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR).rules_hash


def test_edited_core_code_never_reads_a_cache_its_older_self_wrote(tmp_path, monkeypatch):
    from srdi_desktop import core

    code = tmp_path / "core"
    shutil.copytree(core.__path__[0], code)
    monkeypatch.setattr(core, "__path__", [str(code)])
    before, _ = content_cache.cache_file(_files())
    assert content_cache.cache_file(_files())[0] == before  # the same code, the same cache
    module = code / "criteria.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert content_cache.cache_file(_files())[0] != before


def test_any_change_to_the_content_files_changes_the_cache_key(tmp_path):
    """Keyed as Python keys a .pyc: by each file's path, size and change time, so a good cache reads none."""
    import os

    rules = tmp_path / "rules"
    shutil.copytree(paths.RULES_DIR, rules)
    key = lambda: content_cache.cache_file(content_cache.stamps([paths.FORMS_DIR, rules]))[1]  # noqa: E731
    seen = [key()]
    size = rules / "sme_size.yaml"
    text = size.read_text(encoding="utf-8")
    before = size.stat()
    size.write_text(text.replace(":", ";", 1), encoding="utf-8")  # the same size, and the modification
    os.utime(size, ns=(before.st_atime_ns, before.st_mtime_ns))  # time put back (cp -p, rsync -t, unzip)
    assert size.stat().st_size == before.st_size and size.stat().st_mtime_ns == before.st_mtime_ns
    seen.append(key())
    size.write_text(text + " ", encoding="utf-8")  # one character more
    seen.append(key())
    size.rename(rules / "sme_size.yaml.bak")  # gone: no longer a *.yaml
    seen.append(key())
    (rules / "criteria" / "new.yaml").write_text("", encoding="utf-8")  # one more
    seen.append(key())
    assert len(set(seen)) == len(seen)


def test_a_good_cache_reads_no_content_file(monkeypatch):
    content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR)  # in place

    def reading(*_a, **_k):
        raise AssertionError("a content file was read")

    monkeypatch.setattr(content_cache, "read_files", reading)
    assert content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR).rules_hash


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_read_afresh(tmp_path):
    """The stale case a size-and-mtime key misses (a review found it): the status-change time tells it."""
    import os

    forms, rules = tmp_path / "forms", tmp_path / "rules"
    shutil.copytree(paths.FORMS_DIR, forms)
    shutil.copytree(paths.RULES_DIR, rules)
    derived = rules / "derived.yaml"
    old, new = '"R&D expense / revenue, y1"', '"R&D EXPENSE / REVENUE, Y1"'  # the same size
    labels = lambda: {f.label["en"] for f in content_cache.load_content(forms, rules).derived_figures.values()}  # noqa: E731
    assert old.strip('"') in labels()  # cached now
    text, before = derived.read_text(encoding="utf-8"), derived.stat()
    assert text.count(old) == 1
    derived.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(derived, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert derived.stat().st_size == before.st_size and derived.stat().st_mtime_ns == before.st_mtime_ns
    assert new.strip('"') in labels() and old.strip('"') not in labels()
