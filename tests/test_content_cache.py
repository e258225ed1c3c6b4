"""The content cache (issue 18): the same Content with or without it, rebuilt when a file changes, and a
damaged or foreign cache file is ignored, never trusted."""

import json
import shutil

import pytest

from srdi_desktop import content_cache, paths
from srdi_desktop.core.content import load_content as load_uncached
from srdi_desktop.core.errors import ContentErrors
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.core.questionnaire import read_files
from srdi_desktop.core.yamlsrc import from_plain, load_yaml_text, to_plain


def _files():
    return read_files(paths.FORMS_DIR) + read_files(paths.RULES_DIR)


def test_every_content_file_survives_the_plain_form_with_its_positions():
    for path, text in _files():
        doc = load_yaml_text(text, path, [])
        back = from_plain(json.loads(json.dumps(to_plain(doc))), path)
        assert back == doc and to_plain(back) == to_plain(doc), path  # values, then every position


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


@pytest.mark.parametrize("damage", [
    b"", b"not json", b'{"format": "srdi-content-cache/1", "key": "other", "docs": {}}', b"[1, 2]",
    b'{"format": "srdi-content-cache/1", "key": "KEY", "docs": {"forms/10_firm.yaml": {"x": 1}}}',
    b'{"format": "srdi-content-cache/1", "key": "KEY", "docs": {}}',
], ids=["empty", "garbage", "other key", "a list", "foreign shape", "files missing"])
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(damage):
    file, key = content_cache.cache_file(_files())
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(damage.replace(b"KEY", key.encode()))
    content = content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR)
    assert _evaluation(content) == _evaluation(load_uncached(paths.FORMS_DIR, paths.RULES_DIR))
    assert json.loads(file.read_bytes())["key"] == key  # rewritten whole


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
    caches = sorted(paths.user_cache_dir().glob("content-*.json"))
    assert len(caches) == 1  # only the good one; the broken files left nothing behind
    size.write_text(size.read_text(encoding="utf-8").replace("\nextra_key: 1\n", ""), encoding="utf-8")
    assert content_cache.load_content(forms, rules).rules_hash == before.rules_hash  # back as it was


def test_a_cache_folder_that_cannot_be_written_is_skipped(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(paths.CACHE_ENV, str(blocker / "cache"))  # under a file: cannot be created
    assert content_cache.load_content(paths.FORMS_DIR, paths.RULES_DIR).rules_hash
