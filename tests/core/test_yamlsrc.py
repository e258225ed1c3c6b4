from srdi_desktop.core.errors import DUPLICATE_KEY, YAML_SYNTAX
from srdi_desktop.core.yamlsrc import load_yaml_text
from tests.timing import finishes_within


def load(text):
    errors = []
    return load_yaml_text(text, "f.yaml", errors), [str(e) for e in errors]


def test_duplicate_key_reported_with_line_and_column():
    data, errors = load("a: 1\nb:\n  c: 2\n  c: 3\n")
    assert errors == [f"f.yaml:4:3: {DUPLICATE_KEY} duplicate key 'c' (first at line 3); YAML would silently "
                      "keep the last"]
    assert data["b"]["c"] == 2


def test_yes_no_stay_strings_and_true_false_are_booleans():
    data, errors = load("a: no\nb: yes\nc: on\nd: true\ne: False\n")
    assert errors == []
    assert data == {"a": "no", "b": "yes", "c": "on", "d": True, "e": False}


def test_python_tags_are_rejected():
    data, errors = load("x: !!python/object/apply:os.system ['echo hi']\n")
    assert data is None
    assert errors and errors[0].startswith(f"f.yaml:1:4: {YAML_SYNTAX}")


def test_syntax_error_has_position():
    _, errors = load("a: [1, 2\nb: 3\n")
    assert errors[0].startswith("f.yaml:2:")
    assert YAML_SYNTAX in errors[0]


def test_positions_of_keys_and_values_are_kept():
    data, _ = load("rules:\n  - id: x\n    when: 'a > 1'\n")
    rule = data["rules"][0]
    assert (rule.key_loc("when").line, rule.key_loc("when").col) == (3, 5)
    # A quoted value is placed at its text, after the quote, so an expression's offsets add up.
    assert (rule.value_loc("when").line, rule.value_loc("when").col) == (3, 12)
    assert (rule.value_loc("id").line, rule.value_loc("id").col) == (2, 9)
    assert data["rules"].item_loc(0).line == 2


def laughs(levels: int, fan: int) -> str:
    """A "billion laughs" document: ``fan ** levels`` values when expanded, a few KB as text."""
    lines = ["l0: &l0 [" + ", ".join(["x"] * fan) + "]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_in_a_content_file_is_refused_with_bounded_work():
    import time

    text = laughs(6, 100)  # 10^12 values when expanded
    assert len(text) < 5000
    t0 = time.perf_counter()
    with finishes_within(10):
        data, errors = load(text)
    assert time.perf_counter() - t0 < 5
    assert data is None and errors and "aliases expand to more than" in errors[0]


def test_a_few_aliases_in_a_content_file_still_load():
    data, errors = load(laughs(2, 3))
    assert errors == [] and data["l2"] == [[["x"] * 3] * 3] * 3


def test_aliases_can_be_refused_with_their_place():
    errors = []
    assert load_yaml_text("a: &x 1\nb:\n  - *x\n", "f.yaml", errors, aliases=False) is None
    assert [str(e) for e in errors] == [f"f.yaml:3:5: {YAML_SYNTAX} aliases (*name) are not allowed in this file"]
