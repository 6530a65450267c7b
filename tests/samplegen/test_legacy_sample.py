"""The old machines' exports of the sample, end to end: a VNI-typed petitions register,
a Windows-1258 reception CSV and a UTF-16 "Unicode Text" voter-meeting export give
the figures of the clean tables they were rendered from, with names kept out."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.run import run_pipeline
from pipeline.samplegen import write_file
from pipeline.samplegen.plan import plan_year
from pipeline.samplegen.truth import REGULAR, build_year
from pipeline.samplegen.vni import to_vni

OLD_FILES = {"So don thu HDND 2019.xlsx", "TCD_2019.csv", "TXCT HDND 2019.txt"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    tables = build_year(2019, 2020, 1)
    specs = [s for s in plan_year(2019, tables, 2020) if s.office == "hdnd" and s.name in OLD_FILES]
    assert {s.name for s in specs} == OLD_FILES
    for spec in specs:
        write_file(spec, raw)
    result = run_pipeline(raw, secrets_dir=tmp_path_factory.mktemp("secrets"), cache_dir=None)
    return raw, tables, result


def value(result, indicator):
    ind = result.indicators
    hit = ind[(ind.year == 2019) & (ind.body == "hdnd") & (ind.indicator == indicator)]
    return hit["value"].iloc[0]


def test_the_files_carry_their_encodings(sample):
    raw, _, _ = sample
    folder = raw / "2019" / "hdnd"
    assert (folder / "TXCT HDND 2019.txt").read_bytes()[:2] == b"\xff\xfe"
    reception = (folder / "TCD_2019.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        reception.decode("utf-8")
    assert b"Ng\xe0y ti\xea\xecp" in reception  # "Ngày tiếp": ế is ê then a combining acute


def test_each_file_gives_its_figures(sample):
    _, t, result = sample
    assert result.failures == [] and result.rejects.empty
    pets, rec, vm = t["hdnd", "petitions"], t["hdnd", "citizen_reception"], t["hdnd", "voter_meetings"]
    assert value(result, "petitions.received") == len(pets) == 141
    actions = pets["action"].value_counts()
    assert value(result, "petitions.forwarded") == actions["Chuyển đơn"]
    assert value(result, "petitions.archived") == actions["Lưu theo dõi"]
    categories = pets["category"].value_counts()
    assert value(result, "petitions.complaints") == categories["Khiếu nại"]
    assert value(result, "petitions.denunciations") == categories["Tố cáo"]
    assert value(result, "reception.visits") == len(rec)
    assert value(result, "reception.office.visits") == (rec["kind"] == "Thường xuyên tại trụ sở").sum()
    regular = vm[vm["kind"] == REGULAR]
    assert value(result, "voters.meetings") == len(regular)
    assert value(result, "voters.attendance") == regular["voters"].sum()
    assert value(result, "voters.opinions") == regular["opinions"].sum()


def test_categories_and_districts_are_decoded(sample):
    _, t, result = sample
    pets = result.tables["petitions"]
    assert set(pets["category"]) == {"complaint", "denunciation", "recommendation"}
    assert set(pets["_sheet"]) == {"Đơn 2019"}  # the VNI sheet name, read
    districts = set(result.tables["voter_meetings"]["district"].dropna())
    assert districts == set(t["hdnd", "voter_meetings"]["district"].dropna())


def test_notices_name_each_encoding(sample):
    _, _, result = sample
    notes = result.notices.groupby(["file", "sheet"])["message"].apply(" | ".join).to_dict()
    vni = notes["2019/hdnd/So don thu HDND 2019.xlsx", "Đơn 2019"]
    assert "Văn bản gõ bằng bảng mã VNI Windows: đã chuyển " in vni and "«Ñôn 2019»" in vni
    assert "Windows-1258" in notes["2019/hdnd/TCD_2019.csv", "TCD_2019"]
    assert "UTF-16" in notes["2019/hdnd/TXCT HDND 2019.txt", "TXCT HDND 2019"]


def _all_text(result) -> str:
    frames = [*result.tables.values(), result.notices, result.rejects, result.lineage, result.accounting]
    parts = []
    for frame in frames:
        for column in frame.columns:
            if pd.api.types.is_object_dtype(frame[column]) or pd.api.types.is_string_dtype(frame[column]):
                parts.extend(str(v) for v in frame[column].dropna().unique())
    return "\n".join(parts)


def test_names_are_kept_out_of_every_output(sample):
    _, t, result = sample
    text = _all_text(result)
    names = set(t["hdnd", "petitions"]["sender"]) | set(t["hdnd", "citizen_reception"]["name"])
    leaked = {n for n in names if n in text or to_vni(n) in text}
    assert len(names) > 100 and leaked == set()
