"""Exports the pipeline has never seen: the generator with another seed (other names, dates, values,
districts, spellings) must be read row for row — every clean record once, only the deliberate bad rows out."""

import pytest

from pipeline.run import run_pipeline
from pipeline.samplegen import generate
from pipeline.samplegen.truth import build_year

SEED = 7


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw-seed7")
    generate(raw, scale=1, seed=SEED)
    return run_pipeline(raw, secrets_dir=tmp_path_factory.mktemp("secrets"), cache_dir=None)


@pytest.mark.parametrize("year", [2019, 2020, 2021])
def test_every_clean_record_is_read_once(result, year):
    truth = build_year(year, SEED)
    wrong = []
    for (body, register), table in truth.items():
        records = result.tables[register]
        rows = records[records["year"] == year]
        if (rows["body"] == "all").any():
            # an office-wide register (no body column, neutral sheet name) counts for both together
            body = "all"
            expected = sum(len(t) for (b, r), t in truth.items() if r == register)
        else:
            expected = len(table)
        got = int((rows["body"] == body).sum())
        if got != expected:
            wrong.append((register, body, expected, got))
    assert wrong == []


def test_only_the_deliberate_bad_rows_are_rejected(result):
    assert len(result.rejects) == 5
    assert result.failures == []
    assert len(result.totals) == 1
