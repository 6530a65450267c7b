"""The declared registers: every header name and alias finds its own register, every variant its code."""

import pytest

from pipeline.clean.locate import Located, locate
from pipeline.specs.registers import load_schema
from pipeline.vi.parsing import CategoryMatcher

SCHEMA = load_schema()

SAMPLE_VALUE = {
    "date": "03/02/2020", "text": "Nội dung", "whole": "02", "money": "1.500.000 đồng", "session": "Kỳ họp thứ 9",
    "round": "Trước kỳ họp thứ 9", "district": "TP. Cao Lãnh", "flag": "x", "presence": "Đã có", "body": None,
    "symbol": "12/2020/NQ-HĐND", "pii": "Nguyễn Văn A", "category_people": "Khiếu nại / 1",
}


def valid_value(column):
    if column.type == "category":
        return next(iter(SCHEMA.categories[column.categories].values())).variants[0].rstrip("*")
    return SAMPLE_VALUE[column.type]


def header_variants(register):
    """One header row per alias position: the n-th name of every column (its last name when fewer)."""
    columns = [c for c in register.columns if c.type != "category_people"]
    depth = max(len(c.names) for c in columns)
    for n in range(depth):
        yield [c.names[min(n, len(c.names) - 1)] for c in columns], [valid_value(c) for c in columns]


CASES = [(name, i, header, row) for name, reg in SCHEMA.registers.items() for i, (header, row) in enumerate(header_variants(reg))]


@pytest.mark.parametrize("register, n, header, row", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_every_alias_finds_its_register(register, n, header, row):
    found = locate([["SỔ THEO DÕI NĂM 2020"], header, row], [], SCHEMA)
    assert isinstance(found, Located) and found.register == register
    assert {m.key for m in found.columns} == {c.key for c in SCHEMA.registers[register].columns if c.type != "category_people"}


@pytest.mark.parametrize("name", sorted(SCHEMA.categories))
def test_every_variant_matches_its_code_in_any_case(name):
    matcher = CategoryMatcher(SCHEMA.variants(name))
    for code, category in SCHEMA.categories[name].items():
        for variant in category.variants:
            text = variant.rstrip("*")
            assert matcher.match(text) == code
            assert matcher.match(text.upper()) == code


def test_required_registers_of_the_contract_are_declared():
    assert set(SCHEMA.registers) == {
        "petitions", "citizen_reception", "voter_meetings", "voter_recommendations", "law_consultations",
        "floor_activity", "oversight", "resolutions", "documents_in", "documents_out", "web_posts", "awards",
        "welfare", "staff_changes",
    }
    assert SCHEMA.registers["petitions"].pii_keys == ("sender", "address", "id_number")
