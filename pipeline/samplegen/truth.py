"""CLEAN record tables (the truth), one pandas DataFrame per (year, body, register).

Nothing here is messy: dates are ``datetime.date``, numbers are ints, categories
use their canonical spelling from the data contract. The render layer
(:mod:`.render`) turns these tables into messy workbooks. For scale=1 the 2020
tables reproduce every figure of ``report-figures.csv``.
"""

from __future__ import annotations

import unicodedata
import zlib
from datetime import date, timedelta

import numpy as np
import pandas as pd

from . import vocab as V

BODIES = ("doan-dbqh", "hdnd")

# Canonical category values (contract section 3).
FORWARD, GUIDE, ANSWER, ARCHIVE = "Chuyển đơn", "Hướng dẫn", "Trả lời", "Lưu theo dõi"
OFFICE, PERIODIC, AD_HOC = "Thường xuyên tại trụ sở", "Định kỳ", "Đột xuất"
REGULAR, THEMATIC, SECTOR = "Định kỳ", "Chuyên đề", "Hội nghị sở, ngành"

# ---------------------------------------------------------------- targets

TARGETS_2020: dict[str, dict[str, int]] = {
    "doan-dbqh": dict(
        pet_forward=14, pet_guide=3, pet_answer=10, pet_archive=168, pet_results=6,
        rec_office=18, rec_periodic=12, rec_periodic_people=20, rec_adhoc=0,
        vm_rounds=3, vm_voters=3372, vm_opinions=268, vm_sector_voters=23, vm_sector_opinions=5, vm_thematic=2,
        recs=14, laws_conf=11, laws_written=14, speeches=60, written_q=12, oral_q=3,
        ov_thematic=2, ov_recs=16, ov_surveys=1,
        docs_in=640, docs_out=210, web_docs=120, web_news=180,
        aw_ldtt=8, aw_cstd=2, aw_bk=2,
        wf_gifts=154_000_000, wf_support=5_600_000, wf_mobilized=50_000_000,
    ),
    "hdnd": dict(
        pet_forward=17, pet_guide=2, pet_answer=3, pet_archive=146, pet_results=14,
        rec_office=22, rec_periodic=12, rec_periodic_people=14, rec_adhoc=6,
        vm_meetings=336, vm_voters=21700, vm_opinions=1729,
        res_total=86, res_normative=34,
        ov_surveys=60, ov_supervisions=7, ov_unplanned=8,
        docs_in=3795, docs_out=560, web_docs=881, web_news=536,
        st_recruit=2, st_early=1, st_transfer=1,
        aw_ldtt=24, aw_gk=4, aw_ttldtt=2, aw_proposed=1,
    ),
}

# 2019 values the report's year-on-year deltas fix (petitions 114 = 8 + 93 + 13).
FIXED_2019 = {
    "doan-dbqh": dict(pet_forward=8, pet_archive=93, pet_answer=9, pet_guide=4, rec_office=15),
}
# Counts that are structure, not volume: never scaled.
_UNSCALED = {"vm_rounds", "res_normative", "laws_conf", "laws_written", "aw_proposed"}


def stable_seed(*parts: object) -> int:
    """A seed derived from ``parts`` that is stable across runs and Python versions."""
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8"))


def rng_for(seed: int, *parts: object) -> np.random.Generator:
    """An independent, reproducible random generator for one table or sheet."""
    return np.random.default_rng([seed, stable_seed(*parts)])


def targets(year: int, body: str, seed: int, scale: int = 1) -> dict[str, int]:
    """Volumes for one body-year: exact for 2020, ±10-30 % otherwise, times ``scale``."""
    base = dict(TARGETS_2020[body])
    if year != 2020:
        rng = rng_for(seed, "targets", year, body)
        for k, v in base.items():
            if k in _UNSCALED or k.startswith("vm_rounds"):
                continue
            f = rng.uniform(0.7, 1.3)
            base[k] = max(1, int(round(v * f, -5 if k.startswith("wf_") else 0)))
        base["res_normative"] = min(base.get("res_normative", 0), base.get("res_total", 0) // 2)
        base.update(FIXED_2019.get(body, {}) if year == 2019 else {})
        _keep_feasible(base)
    if scale > 1:
        for k, v in base.items():
            if k not in _UNSCALED and not k.startswith("wf_"):
                base[k] = v * scale
    return base


def _keep_feasible(t: dict[str, int]) -> None:
    """Adjust random volumes so every partition below has a solution."""
    pairs = [("rec_periodic_people", "rec_periodic", 1), ("vm_sector_voters", None, 16), ("vm_sector_opinions", None, 2),
             ("ov_recs", "ov_thematic", 3), ("pet_results", None, 0)]
    for total, count, lo in pairs:
        if total in t:
            t[total] = max(t[total], lo * (t[count] if count else 1))
    if "pet_results" in t:
        t["pet_results"] = min(t["pet_results"], t["pet_forward"])
    if "vm_meetings" in t:
        t["vm_voters"] = max(t["vm_voters"], 31 * t["vm_meetings"])
        t["vm_opinions"] = max(t["vm_opinions"], t["vm_meetings"])
    if "vm_opinions" in t and "vm_meetings" not in t:
        t["vm_voters"] = max(t["vm_voters"], 40 * 12 * t["vm_rounds"] + 1)
        t["vm_opinions"] = max(t["vm_opinions"], 2 * 12 * t["vm_rounds"] + 1)


# ---------------------------------------------------------------- helpers


def partition(total: int, n: int, rng: np.random.Generator, lo: int = 1) -> list[int]:
    """``n`` whole numbers ≥ ``lo`` that sum exactly to ``total``."""
    if n == 0:
        return []
    rest = total - lo * n
    assert rest >= 0, (total, n, lo)
    weights = rng.uniform(0.5, 1.5, n)
    parts = rng.multinomial(rest, weights / weights.sum())
    return [int(p) + lo for p in parts]


def dates_in(year: int, n: int, rng: np.random.Generator, first: date | None = None, last: date | None = None,
             workdays: bool = True) -> list[date]:
    """``n`` sorted dates in ``year`` (weekdays by default)."""
    first = first or date(year, 1, 2)
    last = last or date(year, 12, 30)
    span = (last - first).days
    out = []
    while len(out) < n:
        d = first + timedelta(days=int(rng.integers(0, span + 1)))
        if not workdays or d.weekday() < 5:
            out.append(d)
    return sorted(out)


def pick(rng: np.random.Generator, seq):
    """One element of ``seq``."""
    return seq[int(rng.integers(0, len(seq)))]


def person(rng: np.random.Generator) -> str:
    """A fake Vietnamese full name."""
    if rng.random() < 0.55:
        return f"{pick(rng, V.FAMILY)} {pick(rng, V.MIDDLE_M)} {pick(rng, V.GIVEN_M)}"
    return f"{pick(rng, V.FAMILY)} {pick(rng, V.MIDDLE_F)} {pick(rng, V.GIVEN_F)}"


def address(rng: np.random.Generator) -> str:
    """A fake address: ấp, xã, huyện of Đồng Tháp."""
    district = pick(rng, list(V.DISTRICTS))
    commune = pick(rng, V.DISTRICTS[district])
    hamlet = pick(rng, V.HAMLETS)
    return f"{hamlet}, {commune.replace('Xã ', 'xã ')}, {district.replace('Huyện ', 'huyện ')}"


def id_number(rng: np.random.Generator) -> str:
    """A fake 12-digit CCCD (Đồng Tháp code 087) or 9-digit CMND, sometimes blank."""
    r = rng.random()
    if r < 0.1:
        return ""
    if r < 0.55:
        return "087" + "".join(str(d) for d in rng.integers(0, 10, 9))
    return "34" + "".join(str(d) for d in rng.integers(0, 10, 7))


def phone(rng: np.random.Generator) -> str:
    """A fake mobile number written the way people write it."""
    p = pick(rng, ["091", "090", "093", "097", "098", "083", "0277"])
    d = "".join(str(x) for x in rng.integers(0, 10, 10 - len(p)))
    return f"{p}{d[:1]} {d[1:4]} {d[4:]}" if len(p) == 3 else f"{p} {d[:3]} {d[3:]}"


def summary_for(name: str, category: str, rng: np.random.Generator) -> str:
    """A petition summary; sometimes it names the sender and a phone number (PII)."""
    topic = pick(rng, V.PETITION_TOPICS)
    r = rng.random()
    title = "Bà" if " Thị" in name else "Ông"
    if r < 0.25:
        return f"{title} {name} ({phone(rng)}) {topic}"
    if r < 0.4:
        return f"{title} {name} {topic}"
    return topic[0].upper() + topic[1:]


def retype(text: str, rng: np.random.Generator) -> str:
    """The same text as another clerk types it: case, double spaces or NFD."""
    r = rng.random()
    if r < 0.35:
        return text.upper()
    if r < 0.7:
        return "  ".join(text.split(" ")) + " "
    return unicodedata.normalize("NFD", text)


# ---------------------------------------------------------------- registers


def petitions(year: int, body: str, t: dict, rng: np.random.Generator, shared: pd.DataFrame | None) -> pd.DataFrame:
    """Sổ tiếp nhận, xử lý đơn: one row per petition received in ``year``."""
    actions = [FORWARD] * t["pet_forward"] + [GUIDE] * t["pet_guide"] + [ANSWER] * t["pet_answer"] + [ARCHIVE] * t["pet_archive"]
    rng.shuffle(actions)
    n = len(actions)
    rows = []
    for d, action in zip(dates_in(year, n, rng), actions):
        name = person(rng)
        cat = pick(rng, ["Khiếu nại", "Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh", "Kiến nghị, phản ánh"])
        rows.append(dict(
            received_date=d, sender=name, address=address(rng), id_number=id_number(rng), category=cat,
            field=pick(rng, V.FIELDS), summary=summary_for(name, cat, rng), action=action,
            archive_reason=pick(rng, V.ARCHIVE_REASONS) if action == ARCHIVE else "",
            recipient=pick(rng, V.RECIPIENTS) if action == FORWARD else "", result="", dup_id="",
        ))
    df = pd.DataFrame(rows)
    # Replies that came back: only forwarded petitions get one.
    fwd = df.index[df.action == FORWARD].tolist()
    for i in fwd[: t["pet_results"]]:
        df.at[i, "result"] = f"Đã có kết quả: CV số {int(rng.integers(100, 999))}/UBND ngày {df.at[i, 'received_date'] + timedelta(days=40):%d/%m/%Y}"
    for i, blank in zip(fwd[t["pet_results"]:], ["Chưa", "-", "Chưa", "-"]):
        df.at[i, "result"] = blank  # counts as blank (contract §5)
    if shared is not None:
        df = _inject_shared(df, body, shared, rng)
    df["has_result"] = ~df.result.isin(["", "Chưa", "-", "Không", "0"])
    return df.sort_values("received_date", kind="stable").reset_index(drop=True)


def shared_petitions(year: int, n: int, rng: np.random.Generator) -> pd.DataFrame:
    """Petitions sent to both bodies ("đơn gửi nhiều nơi"): sender, ID and summary."""
    rows = []
    for k in range(n):
        name = person(rng)
        rows.append(dict(dup_id=f"D{year}-{k + 1}", sender=name, id_number="" if k == 0 else id_number(rng) or "087" + "0" * 9,
                         summary=f"{'Bà' if ' Thị' in name else 'Ông'} {name} {pick(rng, V.PETITION_TOPICS)}",
                         address=address(rng), date=dates_in(year, 1, rng, last=date(year, 11, 15))[0]))
    return pd.DataFrame(rows)


def _inject_shared(df: pd.DataFrame, body: str, shared: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Overwrite some rows with the shared petitions (the hdnd copy retyped, up to 25 days later)."""
    slots = rng.choice(len(df), len(shared), replace=False)
    for slot, (_, s) in zip(slots, shared.iterrows()):
        late = body == "hdnd"
        df.at[slot, "received_date"] = s.date + timedelta(days=int(rng.integers(3, 26)) if late else 0)
        df.at[slot, "sender"] = retype(s.sender, rng) if late else s.sender
        df.at[slot, "summary"] = retype(s.summary, rng) if late else s.summary
        df.at[slot, "id_number"] = s.id_number
        df.at[slot, "address"] = s.address
        df.at[slot, "dup_id"] = s.dup_id
    return df


def citizen_reception(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Sổ tiếp công dân: one row per visit."""
    rows = []
    prefix = "ĐB" if body == "doan-dbqh" else "HĐ"
    for k, d in enumerate(dates_in(year, t["rec_office"], rng)):
        rows.append(dict(date=d, kind=OFFICE, case_id=f"{prefix}-{year % 100}-{k + 1:03d}" if rng.random() < 0.5 else "",
                         people=int(pick(rng, [1, 1, 1, 2]))))
    pdates = sorted(set(dates_in(year, t["rec_periodic"] * 3, rng)))
    pdates = [pdates[i] for i in sorted(rng.choice(len(pdates), t["rec_periodic"], replace=False))]
    for k, (d, n) in enumerate(zip(pdates, partition(t["rec_periodic_people"], t["rec_periodic"], rng))):
        rows.append(dict(date=d, kind=PERIODIC, case_id=f"{prefix}-{year % 100}-ĐK{k + 1:02d}", people=n))
    for d in dates_in(year, t["rec_adhoc"], rng):
        rows.append(dict(date=d, kind=AD_HOC, case_id="", people=int(pick(rng, [1, 2, 5]))))
    for r in rows:
        name = person(rng)
        r.update(name=name, address=address(rng), id_number=id_number(rng),
                 category=pick(rng, ["Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh", "Kiến nghị, phản ánh"]))
        r["summary"] = summary_for(name, r["category"], rng)
    return pd.DataFrame(rows).sort_values("date", kind="stable").reset_index(drop=True)


def _session_numbers(year: int, body: str) -> list[int]:
    """Session numbers held in ``year`` (NA khóa XIV: 9, 10 in 2020; council khóa IX: 14-17 in 2020).

    Numbering restarts with each term (NA 2016, 2021; council 2021).
    """
    if body == "doan-dbqh":
        first = 2 * (year - (2021 if year >= 2021 else 2016 if year >= 2016 else 2011)) + 1
        return [first, first + 1]
    first = 4 * (year - 2021) + 1 if year >= 2021 else 4 * (year - 2020) + 14
    first = first if first >= 1 else first + 20
    return [first, first + 1, first + 2, first + 3]


def voter_meetings(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Tiếp xúc cử tri: one row per meeting point."""
    districts = list(V.DISTRICTS)
    rows = []
    if body == "doan-dbqh":
        s = _session_numbers(year, body)
        rounds = [f"Trước kỳ họp thứ {s[0]}", f"Sau kỳ họp thứ {s[0]}", f"Trước kỳ họp thứ {s[1]}"][: t["vm_rounds"]]
        starts = [date(year, 4, 20), date(year, 7, 1), date(year, 9, 28)]
        per = t.get("vm_per_district", 1)
        for rnd, start in zip(rounds, starts):
            for k, dist in enumerate(districts * per):
                rows.append(dict(date=start + timedelta(days=k // 2), round=rnd, kind=REGULAR, district=dist,
                                 venue=f"Hội trường UBND {pick(rng, V.DISTRICTS[dist])}"))
        volts = partition(t["vm_voters"], len(rows), rng, lo=40)
        opins = partition(t["vm_opinions"], len(rows), rng, lo=2)
        for r, v, o in zip(rows, volts, opins):
            r.update(voters=v, opinions=o)
        for k, (v, o) in enumerate(zip(partition(t["vm_sector_voters"], 2, rng, 8), partition(t["vm_sector_opinions"], 2, rng, 1))):
            rows.append(dict(date=starts[2 * k] - timedelta(days=6), round=rounds[2 * k], kind=SECTOR, district="",
                             venue="Hội trường Đoàn ĐBQH tỉnh", voters=v, opinions=o))
        thematic = [("Huyện Tân Hồng", "Đồn Biên phòng Thông Bình"), ("Thành phố Cao Lãnh", "Hội trường Công an tỉnh")]
        for k in range(t["vm_thematic"]):
            dist, venue = thematic[k % 2]
            rows.append(dict(date=date(year, 5 + 4 * (k % 2), 12 + k // 2), round="", kind=THEMATIC, district=dist,
                             venue=venue, voters=int(rng.integers(50, 120)), opinions=int(rng.integers(6, 15))))
    else:
        s = _session_numbers(year, body)
        rounds = [(f"Sau kỳ họp thứ {max(s[0] - 1, 1)}", date(year, 1, 6)), (f"Trước kỳ họp thứ {s[1]}", date(year, 6, 22)),
                  (f"Sau kỳ họp thứ {s[1]}", date(year, 8, 3)), (f"Trước kỳ họp thứ {s[3]}", date(year, 11, 16))]
        n = t["vm_meetings"]
        sizes = [n // 4 + (1 if i < n % 4 else 0) for i in range(4)]
        for (rnd, start), size in zip(rounds, sizes):
            for k in range(size):
                dist = districts[k * len(districts) // size]
                venue = pick(rng, V.DISTRICTS[dist])
                rows.append(dict(date=start + timedelta(days=k * 10 // size), round=rnd, kind=REGULAR, district=dist,
                                 venue=venue))
        for r, v, o in zip(rows, partition(t["vm_voters"], n, rng, 30), partition(t["vm_opinions"], n, rng, 1)):
            r.update(voters=v, opinions=o)
    return pd.DataFrame(rows)


def voter_recommendations(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Kiến nghị cử tri đã chuyển."""
    rows = []
    for d in dates_in(year, t["recs"], rng):
        reply = d + timedelta(days=int(rng.integers(20, 120)))
        rows.append(dict(content=f"Cử tri kiến nghị {pick(rng, V.QUESTION_TOPICS)}", field=pick(rng, V.FIELDS),
                         recipient=pick(rng, ["Văn phòng Quốc hội", "Ban Dân nguyện", "Bộ Tài chính", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ Giao thông vận tải"]),
                         forwarded_date=d, reply_date=reply if rng.random() < 0.7 else None))
    return pd.DataFrame(rows)


def law_consultations(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Lấy ý kiến dự án luật: one row per (law, method); one law repeated (typed differently)."""
    if year == 2020:
        conf, written = V.LAWS_CONFERENCE, V.LAWS_WRITTEN
    else:
        pool = list(V.LAWS_OTHER) + V.LAWS_CONFERENCE
        idx = rng.permutation(len(pool))
        nc, nw = min(t["laws_conf"], 9), min(t["laws_written"], 12)
        conf = [pool[i] for i in idx[:nc]]
        written = [pool[i] for i in idx[nc:nc + nw]]
    s = _session_numbers(year, "doan-dbqh")
    rows = [dict(law=law, session=s[i % 2], method="Hội nghị", date=dates_in(year, 1, rng)[0]) for i, law in enumerate(conf)]
    rows += [dict(law=law, session=s[i % 2], method="Văn bản", date=dates_in(year, 1, rng)[0]) for i, law in enumerate(written)]
    again = dict(rows[2])
    again.update(law=unicodedata.normalize("NFD", "  " + again["law"].upper().replace(" ", "  ", 1)), date=again["date"] + timedelta(days=7))
    rows.append(again)  # the same law, second conference, retyped
    return pd.DataFrame(rows)


def floor_activity(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Phát biểu, chất vấn tại kỳ họp Quốc hội."""
    s = _session_numbers(year, "doan-dbqh")
    rows = []
    for kind, n in [("Thảo luận tổ", t["speeches"] * 2 // 3), ("Thảo luận hội trường", t["speeches"] - t["speeches"] * 2 // 3),
                    ("Chất vấn bằng văn bản", t["written_q"]), ("Chất vấn trực tiếp", t["oral_q"])]:
        for _ in range(n):
            q = kind.startswith("Chất vấn")
            rows.append(dict(session=pick(rng, s), delegate=pick(rng, V.DELEGATES), kind=kind,
                             respondent=pick(rng, V.MINISTERS) if q else "",
                             content=("Về " + pick(rng, V.QUESTION_TOPICS)) if q else ("Góp ý " + pick(rng, V.DEBATE_TOPICS))))
    return pd.DataFrame(rows).sort_values("session", kind="stable").reset_index(drop=True)


def oversight(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Giám sát, khảo sát."""
    rows = []
    if body == "doan-dbqh":
        plan = [("Giám sát chuyên đề", n) for n in partition(t["ov_recs"], t["ov_thematic"], rng, 3)]
        plan += [("Khảo sát", None)] * t["ov_surveys"]
        for kind, recs in plan:
            d = dates_in(year, 1, rng, last=date(year, 11, 30))[0]
            rows.append(dict(content=pick(rng, V.OVERSIGHT_TOPICS), kind=kind, lead="Đoàn ĐBQH", from_date=d,
                             to_date=d + timedelta(days=int(rng.integers(2, 30))), in_plan=True, recommendations=recs))
    else:
        kinds = ["Khảo sát"] * t["ov_surveys"] + ["Giám sát", "Giám sát chuyên đề"] * (t["ov_supervisions"] // 2) + ["Giám sát"] * (t["ov_supervisions"] % 2)
        unplanned = set(rng.choice(len(kinds), t["ov_unplanned"], replace=False).tolist())
        for i, kind in enumerate(kinds):
            d = dates_in(year, 1, rng, last=date(year, 12, 10))[0]
            rows.append(dict(content=pick(rng, V.OVERSIGHT_TOPICS), kind=kind, lead=pick(rng, V.HDND_COMMITTEES), from_date=d,
                             to_date=d + timedelta(days=int(rng.integers(0, 20))), in_plan=i not in unplanned,
                             recommendations=int(rng.integers(0, 9)) if kind != "Khảo sát" else None))
    return pd.DataFrame(rows).sort_values("from_date", kind="stable").reset_index(drop=True)


def resolutions(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Nghị quyết HĐND tỉnh: normative ones carry the year in their symbol."""
    s = _session_numbers(year, "hdnd")
    session_dates = [date(year, 4, 10), date(year, 7, 16), date(year, 10, 9), date(year, 12, 10)]
    n, nn = t["res_total"], t["res_normative"]
    normative = set(rng.choice(n, nn, replace=False).tolist())
    rows, k_norm, k_other = [], 0, 0
    for i in range(n):
        j = min(i * 4 // n, 3)
        if i in normative:
            k_norm += 1
            sym, kind = f"{k_norm:02d}/{year}/NQ-HĐND", "Quy phạm pháp luật"
        else:
            k_other += 1
            sym, kind = f"{k_other + 20}/NQ-HĐND", "Cá biệt"
        rows.append(dict(symbol=sym, date=session_dates[j] + timedelta(days=int(rng.integers(0, 3))),
                         summary=f"{pick(rng, V.RESOLUTION_TOPICS)} trên địa bàn tỉnh Đồng Tháp", kind=kind, session=s[j]))
    return pd.DataFrame(rows)


def documents_in(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Sổ đăng ký văn bản đến."""
    n = t["docs_in"]
    ds = dates_in(year, n, rng)
    kinds = rng.integers(0, len(V.DOC_KINDS), n)
    authors = rng.integers(0, len(V.AUTHORS), n)
    return pd.DataFrame(dict(
        no=np.arange(1, n + 1), date=ds, author=[V.AUTHORS[a] for a in authors],
        symbol=[f"{int(x)}/{'BC' if k == 2 else 'CV'}-UBND" for x, k in zip(rng.integers(10, 4000, n), kinds)],
        doc_date=[d - timedelta(days=int(x)) for d, x in zip(ds, rng.integers(0, 6, n))],
        summary=[f"{V.DOC_KINDS[k]} về {pick(rng, V.OVERSIGHT_TOPICS)}" for k in kinds],
        recipient=[pick(rng, ["Chánh Văn phòng", "Phòng Tổng hợp", "Phòng Hành chính - Tổ chức", "Phòng Công tác HĐND"]) for _ in range(n)],
    ))


def documents_out(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Sổ đăng ký văn bản đi."""
    n = t["docs_out"]
    ds = dates_in(year, n, rng)
    suffix = "VPĐBQH" if body == "doan-dbqh" else "VPHĐND"
    kinds = rng.integers(0, len(V.DOC_KINDS), n)
    return pd.DataFrame(dict(
        symbol=[f"{i + 1}/{['CV', 'TTr', 'BC', 'KH', 'QĐ', 'GM', 'TB'][k]}-{suffix}" for i, k in enumerate(kinds)], date=ds,
        summary=[f"{V.DOC_KINDS[k]} về {pick(rng, V.OVERSIGHT_TOPICS)}" for k in kinds],
        signer=[pick(rng, ["Chánh Văn phòng", "Phó Chánh Văn phòng"]) for _ in range(n)],
        to=[pick(rng, V.AUTHORS) for _ in range(n)], copies=rng.integers(1, 30, n),
    ))


def web_posts(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Trang thông tin điện tử: documents and news posted."""
    kinds = ["Văn bản"] * t["web_docs"] + ["Tin, bài"] * t["web_news"]
    rng.shuffle(kinds)
    titles = [(f"Nghị quyết số {int(rng.integers(1, 200))}/NQ-HĐND" if k == "Văn bản" else f"Đại biểu {pick(rng, ['tiếp xúc cử tri', 'khảo sát', 'giám sát'])} tại {pick(rng, list(V.DISTRICTS))}") for k in kinds]
    return pd.DataFrame(dict(date=dates_in(year, len(kinds), rng, workdays=False), kind=kinds, title=titles))


def awards(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Thi đua, khen thưởng (individuals and collectives)."""
    rows = []
    for _ in range(t["aw_ldtt"]):
        rows.append(dict(name=person(rng), subject="Cá nhân", title="Lao động tiên tiến", level="", status="Đã khen"))
    if body == "doan-dbqh":
        for _ in range(t["aw_cstd"]):
            rows.append(dict(name=person(rng), subject="Cá nhân", title="Chiến sĩ thi đua cơ sở", level="", status="Đã khen"))
        levels = ["UBND tỉnh", "Ủy ban Thường vụ Quốc hội"]
        for k in range(t["aw_bk"]):
            lv = levels[k % 2]
            rows.append(dict(name=person(rng), subject="Cá nhân", title=f"Bằng khen của {lv}", level=lv, status="Đã khen"))
    else:
        for _ in range(t["aw_gk"]):
            rows.append(dict(name=person(rng), subject="Cá nhân", title="Giấy khen", level="Chánh Văn phòng", status="Đã khen"))
        units = ["Tập thể Phòng Tổng hợp", "Tập thể Phòng Hành chính - Tổ chức - Quản trị", "Tập thể Phòng Công tác HĐND"]
        for k in range(t["aw_ttldtt"]):
            rows.append(dict(name=units[k % 3], subject="Tập thể", title="Tập thể lao động tiên tiến", level="", status="Đã khen"))
        for k in range(t["aw_proposed"]):
            rows.append(dict(name=units[(k + 2) % 3], subject="Tập thể", title="Bằng khen", level="UBND tỉnh", status="Đề nghị"))
    return pd.DataFrame(rows)


def welfare(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """An sinh xã hội, quyên góp (amounts in whole VND)."""
    rows = []
    def add(kind, total, n, what, thing=""):
        for d, amount in zip(dates_in(year, n, rng), partition(total // 100_000, n, rng, 5)):
            rows.append(dict(date=d, content=what(), kind=kind, amount=amount * 100_000, in_kind=thing))
    add("Thăm, tặng quà", t["wf_gifts"], 14, lambda: f"Thăm, tặng quà gia đình chính sách tại {pick(rng, list(V.DISTRICTS))}")
    add("Hỗ trợ", t["wf_support"], 1, lambda: "Hỗ trợ Đội cảnh sát bảo vệ mục tiêu cơ quan")
    add("Vận động", t["wf_mobilized"], 2, lambda: "Vận động mạnh thường quân ủng hộ phòng, chống dịch Covid-19")
    rows.append(dict(date=date(year, 4, 14), content="Vận động mạnh thường quân ủng hộ gạo cho hộ nghèo", kind="Vận động", amount=None, in_kind="01 tấn gạo"))
    rows.append(dict(date=date(year, 10, 26), content="Ủng hộ đồng bào miền Trung lũ lụt (03 ngày lương)", kind="Ủng hộ", amount=6_739_000, in_kind=""))
    rows.append(dict(date=date(year, 11, 5), content="Ủng hộ Quỹ Công đoàn Văn phòng Quốc hội", kind="Ủng hộ", amount=761_000, in_kind=""))
    rows.append(dict(date=date(year, 11, 20), content="Cộng đồng dân cư ấp Phú Long, xã Tân Phú Trung bị sạt lở bờ sông", kind="Ủng hộ", amount=2_103_000, in_kind=""))
    return pd.DataFrame(rows).sort_values(["kind", "date"], kind="stable").reset_index(drop=True)


def staff_changes(year: int, body: str, t: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Biến động công chức, người lao động."""
    rows = []
    for change, n in [("Tuyển dụng", t["st_recruit"]), ("Nghỉ hưu trước tuổi", t["st_early"]), ("Chuyển công tác", t["st_transfer"])]:
        for d in dates_in(year, n, rng):
            rows.append(dict(name=person(rng), change=change, date=d))
    return pd.DataFrame(rows)


# Which registers each body keeps (up to 2020; the merged office keeps all of both).
REGISTERS = {
    "doan-dbqh": ["petitions", "citizen_reception", "voter_meetings", "voter_recommendations", "law_consultations",
                  "floor_activity", "oversight", "documents_in", "documents_out", "web_posts", "awards", "welfare"],
    "hdnd": ["petitions", "citizen_reception", "voter_meetings", "oversight", "resolutions", "documents_in",
             "documents_out", "web_posts", "awards", "staff_changes"],
}
_BUILDERS = {f.__name__: f for f in [citizen_reception, voter_meetings, voter_recommendations, law_consultations, floor_activity,
                                      oversight, resolutions, documents_in, documents_out, web_posts, awards, welfare, staff_changes]}


def build_year(year: int, seed: int, scale: int = 1) -> dict[tuple[str, str], pd.DataFrame]:
    """All clean tables of one year, keyed by (body, register)."""
    shared = shared_petitions(year, 6 * scale, rng_for(seed, "shared", year))
    out = {}
    for body in BODIES:
        t = targets(year, body, seed, scale)
        for reg in REGISTERS[body]:
            rng = rng_for(seed, year, body, reg)
            if reg == "petitions":
                out[body, reg] = petitions(year, body, t, rng, shared)
            else:
                out[body, reg] = _BUILDERS[reg](year, body, t, rng)
    return out
