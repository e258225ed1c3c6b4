"""`evaluate --json` writes what json.dumps(ensure_ascii=False, indent=2) wrote, through msgspec's encoder."""

import json

import pytest

from srdi_desktop.cli import _json_text
from srdi_desktop.content_cache import load_content
from srdi_desktop.core.evaluate import evaluate
from srdi_desktop.paths import DEMO_FILE, FORMS_DIR, RULES_DIR
from srdi_desktop.service import read_assessment


def _json(doc):
    return json.dumps(doc, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("doc", [
    {}, [], {"a": []}, {"a": {}}, 0, -0.0, 1.5, 0.1 + 0.2, 123456789.125, 2**63, -(2**70), 1e-4, 9.999e15,
    "", "专精特新 \"quoted\" \\ back\nline\ttab \u2028 \x00 \x1f é 😀", None, True, False,
    {"中文": [1, 2.5, None, {"x": "y"}]}, {"nested": {"deep": [[[], {}], [1]]}}, (1, 2), {"3": 1, "1": 2},
], ids=repr)
def test_values_are_written_as_json_writes_them(doc):
    assert _json_text(doc) == _json(doc)
    assert json.loads(_json_text(doc)) == json.loads(_json(doc))


def test_a_key_msgspec_refuses_falls_back_to_json():
    assert _json_text({None: 1, True: [2]}) == _json({None: 1, True: [2]})


def test_the_demo_and_its_variants_read_alike():
    content = load_content(FORMS_DIR, RULES_DIR)
    a = read_assessment(content, str(DEMO_FILE))
    for scale in (0, 0.001, 1, 7.3, 1e6):
        answers = {k: v * scale if isinstance(v, float) else v for k, v in a.answers.items()}
        doc = evaluate(content, answers, a.assessed_on, plans=True, sources=a.sources).to_json()
        assert _json_text(doc) == _json(doc)
