"""The bundled rulebook lints itself: schema-valid, unique ids, and every rule's examples pass."""
import json

import pytest
import regex

import linter
from linter import rulebook

RULES = linter.load_rules()
EVALUATED = [c for c in RULES if not c.rule.manual]
EXAMPLES = rulebook.examples()  # read from the files: the loaded rules do not keep them


def test_bundled_rulebook_is_schema_valid():
    schema = rulebook.schema_path().read_text(encoding="utf-8")
    for f in rulebook.bundled_files():
        rulebook.validate_text(f.read_text(encoding="utf-8"), str(f), schema)


def test_schema_is_itself_valid():
    import jsonschema

    jsonschema.Draft202012Validator.check_schema(json.loads(rulebook.schema_path().read_text()))


def test_ids_unique_and_well_formed():
    ids = [c.rule.id for c in RULES]
    assert len(ids) == len(set(ids))
    for c in RULES:
        assert regex.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9-]+", c.rule.id)
        assert c.rule.id.split("/")[0] == c.rule.regulation or c.rule.regulation in c.rule.id


@pytest.mark.parametrize("c", RULES, ids=lambda c: c.rule.id)
def test_rule_has_citation_message_and_help(c):
    assert regex.search(r"Art\.|§|\d", c.rule.citation), c.rule.citation
    assert len(c.rule.help) > 80
    assert c.rule.message[0].isupper()


@pytest.mark.parametrize("c", EVALUATED, ids=lambda c: c.rule.id)
def test_rule_has_enough_examples(c):
    ex = EXAMPLES[c.rule.id]
    assert len(ex.get("present", [])) >= 3, "a rule needs at least three present examples"
    assert len(ex.get("missing", [])) + len(ex.get("weak", [])) >= 3, \
        "a rule needs at least three missing or weak examples"


def _cases():
    for c in EVALUATED:
        for status, texts in EXAMPLES[c.rule.id].items():
            for i, text in enumerate(texts):
                yield pytest.param(c, status, text, id=f"{c.rule.id}:{status}:{i}")


def test_every_example_of_the_rulebook_is_run():
    cases = list(_cases())
    assert len(cases) == sum(len(t) for c in EVALUATED for t in EXAMPLES[c.rule.id].values()) > 300
    assert "examples" not in EVALUATED[0].rule.spec  # the cache leaves them in the files


@pytest.mark.parametrize("c,status,text", list(_cases()))
def test_rule_example(c, status, text):
    result = linter.lint_text(text, "example.txt", rules=[c])
    (req,) = result.requirements
    assert req.status == status, f"{c.rule.id} on {text!r}: got {req.status}, want {status}"
    if status in ("present", "weak"):
        assert req.evidence and req.position
