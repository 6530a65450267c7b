"""The FILE PLAN: which registers go into which file, sheet and mess, per office-year.

``plan_year`` returns :class:`FileSpec` objects; ``generate`` (in
``__init__``) renders and writes them. The deliberate bad rows and the one
deliberate total mismatch are declared here (see README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from . import registers as R
from .render import BadRow, Sheet

HOWTO = [
    ["HƯỚNG DẪN NHẬP LIỆU"],
    ["1. Mỗi sheet là một sổ theo dõi; không chèn cột ở giữa bảng."],
    ["2. Ngày nhập theo dạng ngày/tháng/năm (dd/mm/yyyy)."],
    ["3. Cột Hướng xử lý: Chuyển đơn / Hướng dẫn / Trả lời / Lưu theo dõi."],
    ["4. Dòng Cộng, Tổng cộng do máy tính tự động."],
    ["Người lập: Lê Thị Kim Thoa", None, "Cập nhật: 15/01/2021"],
]


@dataclass
class FileSpec:
    """One output file: folder, name, format and its sheets."""

    year: int
    office: str
    name: str
    fmt: str  # xlsx | xls | csv
    sheets: list[Sheet] = field(default_factory=list)
    csv_sep: str = ","
    csv_bom: bool = False
    csv_encoding: str = "utf-8"  # utf-8 | cp1258 | utf-16 (Excel's "Unicode Text", .txt)


def make(reg: str, df: pd.DataFrame, name: str, office: str, year: int, seed: int, *, style: str = "",
         title: int = 5, fmt: str = "xlsx", **opts) -> Sheet:
    """A sheet for register ``reg`` with a title block of ``title`` rows (0 = none)."""
    kw = dict(name=name, year=year, seed=seed, fmt=fmt,
              title=R.title_block(office, R.TITLES[reg], year, title) if title else [])
    kw.update(opts)
    return R.RENDERERS[reg](df.reset_index(drop=True), style, **kw)


def pivot(df: pd.DataFrame, by: str, label: str) -> Sheet:
    """A non-register sheet: a pivot summary of ``df`` by ``by``."""
    counts = df[by].value_counts().sort_index()
    rows = [[f"TỔNG HỢP {label.upper()}"], [], ["Nhãn hàng", "Đếm số"]]
    rows += [[str(k), int(v)] for k, v in counts.items()] + [["Tổng cuối", int(counts.sum())]]
    return Sheet(name="Tổng hợp", df=None, static_rows=rows)


def with_body(tables: dict, reg: str, bodies=("doan-dbqh", "hdnd"), sort: str | None = None) -> pd.DataFrame:
    """The merged office's view of a register: both bodies' rows with a ``body`` column."""
    parts = [tables[b, reg].assign(body=b) for b in bodies if (b, reg) in tables]
    df = pd.concat(parts, ignore_index=True)
    return df.sort_values(sort, kind="stable").reset_index(drop=True) if sort else df


# ---------------------------------------------------------------- up to 2020


def plan_doan(year: int, t: dict, seed: int, big_split: int = 1) -> list[FileSpec]:
    """Văn phòng Đoàn ĐBQH: one big multi-register workbook plus smaller ones."""
    o = "doan-dbqh"
    m = dict(office=o, year=year, seed=seed)
    y = year
    is2020 = year == 2020
    pet_bad = [BadRow(after=40, like=40, raw={"received_date": "31/02/2020"}, reason="date 31/02/2020 does not exist",
                      column="Ngày\nnhận đơn"),
               BadRow(after=0, like=0, raw={"received_date": date(2019, 12, 28)}, reason="received 28/12/2019: outside the folder's year 2020",
                      column="Ngày\nnhận đơn")] if is2020 else []
    vm = t[o, "voter_meetings"]
    vm = pd.concat([vm[vm.kind == k] for k in ("Định kỳ", "Hội nghị sở, ngành", "Chuyên đề")])
    vm_bad = [BadRow(after=20, like=20, raw={"voters": "60.000.00"}, reason="count 60.000.00 is no number",
                     column="Lượt cử tri")] if is2020 else []
    main = FileSpec(y, o, f"So theo doi don {y} (ban cuoi).xlsx" if is2020 else f"So theo doi {y}.xlsx", "xlsx", [
        make("petitions", t[o, "petitions"], "Đơn thư", style="text", title=6, bad_rows=pet_bad, blank_every=37, **m),
        make("citizen_reception", t[o, "citizen_reception"], "Tiếp dân", style="split", title=4, number_row="paren",
             grand_total="number", **m),
        make("voter_meetings", vm, "TXCT", style="doan", title=7, subtotal_by="kind", grand_total="number", subtotal_style="text",
             bad_rows=vm_bad, number_row="plain", **m),
        make("voter_recommendations", t[o, "voter_recommendations"], "KN cử tri", title=3, **m),
        Sheet(name="Hướng dẫn", df=None, static_rows=HOWTO),
        pivot(t[o, "petitions"], "action", "đơn theo hướng xử lý"),
    ])
    qh = FileSpec(y, o, f"QH {y}.xlsx", "xlsx", [
        make("law_consultations", t[o, "law_consultations"], "Góp ý luật", title=5, **m),
        make("floor_activity", t[o, "floor_activity"], "Phát biểu - chất vấn", title=0, signature=False,
             blank_every=25, **m),
        make("oversight", t[o, "oversight"], "Giám sát", title=4, grand_total="number", **m),
    ])
    files = [main, qh]
    files += _documents(o, year, t, seed, big_split, "Van thu doan")
    files.append(FileSpec(y, o, f"Thi dua - An sinh {y}.xlsx", "xlsx", [
        make("awards", t[o, "awards"], "Thi đua", title=5, **m),
        make("welfare", t[o, "welfare"], "An sinh", title=6, subtotal_by="kind", grand_total="number",
             subtotal_style="text", **m),
        make("web_posts", t[o, "web_posts"], "Trang tin", title=2, **m),
    ]))
    return files


def _documents(office: str, year: int, t: dict, seed: int, split: int, stem: str, by_half: bool = False,
               body_cols: bool = False) -> list[FileSpec]:
    """Incoming and outgoing document registers; incoming split by half-year or over ``split`` files."""
    m = dict(office=office, year=year, seed=seed)
    din, dout = t[office if office != "doan-dbqh-hdnd" else "doan-dbqh", "documents_in"], None
    din = t.get((office, "documents_in"), din)
    dout = t.get((office, "documents_out"))
    files = []
    if by_half:
        h1 = din[pd.to_datetime(din.date).dt.month <= 6]
        h2 = din[pd.to_datetime(din.date).dt.month > 6]
        files.append(FileSpec(year, office, f"{stem} {year}.xlsx", "xlsx", [
            make("documents_in", h1, "VB đến 6 tháng đầu", style="mixed", title=4, **m),
            make("documents_in", h2, "VB đến 6 tháng cuối", style="alias", title=4, number_row="plain", **m),
            make("documents_out", dout, "VB đi", title=4, **m),
        ]))
        return files
    for k in range(split):
        part = din.iloc[k * len(din) // split:(k + 1) * len(din) // split]
        suffix = f" ({k + 1})" if split > 1 else ""
        sheets = [make("documents_in", part, "VB den", title=3, **m)]
        if k == 0:
            sheets.append(make("documents_out", dout, "VB di", title=3, **m))
        files.append(FileSpec(year, office, f"{stem} {year}{suffix}.xlsx", "xlsx", sheets))
    return files


def plan_hdnd(year: int, t: dict, seed: int, big_split: int = 1) -> list[FileSpec]:
    """Văn phòng HĐND: registers spread over many small files, one .xls and one .csv in 2020."""
    o = "hdnd"
    m = dict(office=o, year=year, seed=seed)
    y = year
    is2020 = year == 2020
    pets = t[o, "petitions"]
    pet_bad = [BadRow(after=len(pets), like=int((pets.action == "Lưu theo dõi").idxmax()),
                      raw={"Chuyển đơn": "x", "Lưu": "x", "Trả lời": None, "Hướng dẫn": None},
                      reason="two marks under Hướng xử lý (Chuyển đơn and Lưu)", column="Hướng xử lý")] if is2020 else []
    # Before 2020 the office's old machines: petitions typed with VNI fonts, reception
    # saved as CSV on Vietnamese Windows (Windows-1258), meetings as Excel's "Unicode Text".
    old = year < 2020
    files = [FileSpec(y, o, f"So don thu HDND {y}.xlsx", "xlsx", [
        make("petitions", pets, f"Đơn {y}", style="marks", title=9, grand_total="formula", bad_rows=pet_bad,
             vni=old, **m),
    ])]
    rec_fmt = "xls" if is2020 else "csv"
    files.append(FileSpec(y, o, f"TCD_{y}.{rec_fmt}", rec_fmt, [
        make("citizen_reception", t[o, "citizen_reception"], "TCD", style="combined", title=5, fmt=rec_fmt,
             blank_every=15, **m)], csv_encoding="cp1258"))
    vm = t[o, "voter_meetings"].sort_values(["round", "district", "date"], kind="stable")
    vm = pd.concat([vm[vm["round"] == r] for r in t[o, "voter_meetings"]["round"].unique()])
    vm_fmt = "csv" if old else "xlsx"
    files.append(FileSpec(y, o, f"TXCT HDND {y}.{'txt' if old else 'xlsx'}", vm_fmt, [
        make("voter_meetings", vm, "TXCT", style="hdnd", title=6, subtotal_by="round", grand_total="text",
             mismatch=(1, "Số lượt ý kiến", 2) if is2020 else None, number_row="paren", fmt=vm_fmt, **m)],
        csv_sep="\t", csv_encoding="utf-16"))
    ov = t[o, "oversight"]
    ov_bad = [BadRow(after=30, like=30, raw={"kind": "Kiểm tra"}, reason="unknown Loại 'Kiểm tra' (required category)",
                     column="Loại")] if is2020 else []
    files.append(FileSpec(y, o, f"Giam sat - Nghi quyet {y}.xlsx", "xlsx", [
        make("oversight", ov, "Giám sát, khảo sát", title=5, grand_total="formula", bad_rows=ov_bad, **m),
        make("resolutions", t[o, "resolutions"], "Nghị quyết", title=4, **m),
    ]))
    if is2020:
        files.append(FileSpec(y, o, "Export_web.csv", "csv", [
            make("web_posts", t[o, "web_posts"], "web", style="export", title=0, fmt="csv", signature=False, **m)],
            csv_sep=";", csv_bom=True))
    else:
        files.append(FileSpec(y, o, f"Trang tin {y}.xlsx", "xlsx", [
            make("web_posts", t[o, "web_posts"], "Tin bai", title=3, **m)]))
    files += _documents(o, year, t, seed, big_split, "So van ban", by_half=is2020 and big_split == 1)
    staff = make("staff_changes", t[o, "staff_changes"], "Bien dong CC" if year < 2020 else "Biến động CC",
                 title=5, tcvn3=year < 2020, **m)
    files.append(FileSpec(y, o, f"Thi dua {y}.xlsx" if year >= 2020 else "Nhan su - thi dua (cu).xlsx", "xlsx", [
        make("awards", t[o, "awards"], "Khen thưởng", title=5, **m), staff]))
    return files


# ---------------------------------------------------------------- from 2021


def plan_merged(year: int, t: dict, seed: int, big_split: int = 1) -> list[FileSpec]:
    """Văn phòng Đoàn ĐBQH và HĐND: body by a ``Bộ phận`` column or by sheet name."""
    o = "doan-dbqh-hdnd"
    m = dict(office=o, year=year, seed=seed)
    y = year
    files = [FileSpec(y, o, f"Don thu {y}.xlsx", "xlsx", [
        make("petitions", t["doan-dbqh", "petitions"], "Đơn thư - ĐBQH", style="text", title=5, **m),
        make("petitions", t["hdnd", "petitions"], "Đơn thư HĐND", style="marks", title=5, grand_total="formula", **m),
    ])]
    rec = make("citizen_reception", with_body(t, "citizen_reception", sort="body"), "Tiếp công dân", style="split", title=5, **m)
    rec.cols.insert(0, R.body_col())
    vmt = with_body(t, "voter_meetings")
    vm = make("voter_meetings", vmt, "Tiếp xúc cử tri", style="doan", title=4, **m)
    vm.cols.insert(1, R.body_col())
    files.append(FileSpec(y, o, f"TCD - TXCT {y}.xlsx", "xlsx", [rec, vm]))
    files.append(FileSpec(y, o, f"Kien nghi cu tri {y}.csv", "csv", [
        _with_body_col(make("voter_recommendations", with_body(t, "voter_recommendations"), "kn", title=0, fmt="csv",
                            signature=False, **m))], csv_sep=",", csv_bom=False))
    law = make("law_consultations", with_body(t, "law_consultations"), "Luật", title=4, **m)
    law.cols.append(R.body_col("Đơn vị", merge=False))
    files.append(FileSpec(y, o, f"Hoat dong {y}.xlsx", "xlsx", [
        law,
        make("floor_activity", t["doan-dbqh", "floor_activity"], "Kỳ họp QH - ĐBQH", title=3, **m),
        make("oversight", with_body(t, "oversight", sort="from_date"), "Giám sát", title=5, **m),
        make("resolutions", t["hdnd", "resolutions"], "Nghị quyết HĐND", title=4, **m),
    ]))
    din = pd.concat([t["doan-dbqh", "documents_in"], t["hdnd", "documents_in"]]).sort_values("date", kind="stable")
    din = din.assign(no=range(1, len(din) + 1))
    docs = []
    for k in range(big_split):
        part = din.iloc[k * len(din) // big_split:(k + 1) * len(din) // big_split]
        sheets = [make("documents_in", part, "Sheet1", title=3, **m)]
        if k == 0:
            sheets += [make("documents_out", t["doan-dbqh", "documents_out"], "VB đi ĐBQH", title=3, **m),
                       make("documents_out", t["hdnd", "documents_out"], "VB đi HĐND", title=3, **m)]
        docs.append(FileSpec(y, o, f"So VB {y}{f' ({k + 1})' if big_split > 1 else ''}.xlsx", "xlsx", sheets))
    files += docs
    files.append(FileSpec(y, o, f"Trang tin - thi dua {y}.xlsx", "xlsx", [
        make("web_posts", with_body(t, "web_posts", sort="date"), "Trang tin", title=3, **m),
        make("awards", with_body(t, "awards"), "Thi đua", title=5, **m),
        make("welfare", with_body(t, "welfare", bodies=("doan-dbqh",)), "An sinh", title=5, subtotal_by="kind",
             grand_total="number", **m),
        make("staff_changes", t["hdnd", "staff_changes"], "Nhân sự HĐND", title=4, **m),
    ]))
    return files


def _with_body_col(sheet: Sheet) -> Sheet:
    sheet.cols.append(R.body_col(merge=False))
    return sheet


def plan_year(year: int, tables: dict, seed: int, big_split: int = 1) -> list[FileSpec]:
    """Every file of one year: two offices up to 2020, the merged office from 2021."""
    if year <= 2020:
        return plan_doan(year, tables, seed, big_split) + plan_hdnd(year, tables, seed, big_split)
    return plan_merged(year, tables, seed, big_split)
