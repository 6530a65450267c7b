"""RENDER layer, part 3: how each register is spelled in the offices' exports.

One function per register returns a :class:`~.render.Sheet` for a clean
table, in one of a few *styles* (header spelling, column order, extras), so
the same register looks different from file to file.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from . import truth as T
from .render import Col, Sheet, choose, number_words, roman

NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

CATEGORY = {"Khiếu nại": ["Khiếu nại", "KN", "KHIẾU NẠI", "khiếu nại"], "Tố cáo": ["Tố cáo", "TC", "tố cáo"],
            "Kiến nghị, phản ánh": ["Kiến nghị, phản ánh", "KNPA", "Kiến nghị", "Phản ánh"]}
ACTION = {T.FORWARD: ["Chuyển đơn", "Chuyển", "Chuyển cơ quan có thẩm quyền"], T.GUIDE: ["Hướng dẫn", "hướng dẫn"],
          T.ANSWER: ["Trả lời", "Văn bản trả lời"], T.ARCHIVE: ["Lưu theo dõi", "Lưu", "Lưu đơn", "lưu đơn"]}
RECEPTION_KIND = {T.OFFICE: ["Thường xuyên tại trụ sở", "Tại trụ sở", "TX", "Thường xuyên"],
                  T.PERIODIC: ["Định kỳ", "ĐK", "Định kỳ tại Trụ sở tiếp công dân tỉnh"], T.AD_HOC: ["Đột xuất"]}
MEETING_KIND = {T.REGULAR: ["Định kỳ", ""], T.THEMATIC: ["Chuyên đề", "chuyên đề"],
                T.SECTOR: ["Hội nghị sở, ngành", "Gặp gỡ lãnh đạo sở, ban, ngành"]}
LAW_METHOD = {"Hội nghị": ["Hội nghị", "Hội nghị chuyên đề"], "Văn bản": ["Văn bản", "Bằng văn bản", "Gửi văn bản"]}
FLOOR_KIND = {k: [k, k.upper() if i % 2 else k.lower()] for i, k in enumerate(
    ["Thảo luận tổ", "Thảo luận hội trường", "Chất vấn bằng văn bản", "Chất vấn trực tiếp"])}
OVERSIGHT_KIND = {"Khảo sát": ["Khảo sát", "khảo sát", "KHẢO SÁT"], "Giám sát": ["Giám sát", "giám sát"],
                  "Giám sát chuyên đề": ["Giám sát chuyên đề", "GIÁM SÁT CHUYÊN ĐỀ"]}
IN_PLAN = {True: ["Có", "x", ""], False: ["Không", "Phát sinh", "Ngoài kế hoạch", "0"]}
RES_KIND = {"Quy phạm pháp luật": ["QPPL", "Quy phạm pháp luật", ""], "Cá biệt": ["Cá biệt", ""]}
WEB_KIND = {"Văn bản": ["Văn bản"], "Tin, bài": ["Tin, bài", "Tin bài", "Tin"]}
WELFARE_KIND = {"Thăm, tặng quà": ["Thăm, tặng quà", "Thăm tặng quà"], "Hỗ trợ": ["Hỗ trợ"], "Vận động": ["Vận động"],
                "Ủng hộ": ["Ủng hộ", "ủng hộ"]}
BODY_LABEL = {"doan-dbqh": ["Đoàn ĐBQH", "ĐBQH"], "hdnd": ["HĐND", "Thường trực HĐND", "Ban Pháp chế"]}
MARKS = ["x", "x", "X", "1", "✓"]


def district_variants(districts) -> dict[str, list[str]]:
    """Each district spelled the ways clerks write it (TP./H. abbreviations, lower case, NFD)."""
    out = {}
    for d in districts:
        kind, name = d.split(" ", 1) if d.startswith("Huyện") else ("Thành phố", d.split(" ", 2)[2])
        if kind == "Huyện":
            out[d] = [d, f"H. {name}", f"huyện {name}", NFD(d)]
        else:
            out[d] = [d, f"TP. {name}", NFD(f"TP. {name}")]
    return out


DISTRICT = district_variants(T.V.DISTRICTS)


def round_variants(rounds) -> dict[str, list[str]]:
    """Voter-meeting rounds, session numbers in digits or in words."""
    out = {}
    for r in rounds:
        if not r:
            continue
        head, n = r.rsplit(" ", 1)
        words = f"{head} {number_words(int(n))}"
        out[r] = {13: [words], 15: [r, words] if r.startswith("Trước") else [r], 17: [words]}.get(int(n), [r, words])
    return out


def session_variants(sessions) -> dict[int, list[str]]:
    """Council / NA session numbers written four ways ("Kỳ họp thứ 14", "thứ mười lăm", "XVI", "17")."""
    forms = [lambda n: f"Kỳ họp thứ {n}", lambda n: f"thứ {number_words(n)}", roman, str]
    return {n: [forms[i % 4](n)] for i, n in enumerate(sorted(set(sessions)))}


def title_block(office: str, what: str, year: int, height: int) -> list[str]:
    """Office name, register title and date line, padded to ``height`` rows."""
    head = {"doan-dbqh": ["ĐOÀN ĐBQH TỈNH ĐỒNG THÁP", "VĂN PHÒNG"],
            "hdnd": ["HỘI ĐỒNG NHÂN DÂN TỈNH ĐỒNG THÁP", "VĂN PHÒNG"],
            "doan-dbqh-hdnd": ["VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP"]}[office]
    lines = head + ["", f"SỔ THEO DÕI {what.upper()} NĂM {year}", f"(Từ ngày 01/01/{year} đến ngày 31/12/{year})"]
    extra = ["Người theo dõi: Lê Thị Kim Thoa", "Đơn vị tính: lượt", "", "Ghi chú: số liệu cập nhật đến cuối năm", ""] * 3
    return (lines + extra)[: max(height, 1)] if height >= len(lines) else lines[:height]


def _phone_col(rng_share: float = 0.3) -> Col:
    return Col("Số điện thoại", lambda r, rng: T.phone(rng) if rng.random() < rng_share else None, width=14)


def _note_col(texts=("", "", "Đã liên hệ", "Hồ sơ kèm theo")) -> Col:
    return Col("Ghi chú", lambda r, rng: choose(list(texts), rng) or None, width=16)


def body_col(header: str = "Bộ phận", merge: bool = True) -> Col:
    return Col(header, "body", variants=BODY_LABEL, merge=merge, width=14)


# ---------------------------------------------------------------- registers


def petitions(df: pd.DataFrame, style: str, **kw) -> Sheet:
    """Styles: ``text`` (plain Hướng xử lý column), ``marks`` (group of x sub-columns)."""
    if style == "marks":
        def mark(which):
            return lambda r, rng: choose(MARKS, rng) if r["action"] == which else None
        cols = [
            Col("STT", "#", width=5),
            Col("Ngày tiếp nhận", "received_date", merge=True, width=12),
            Col("Họ và tên", "sender", width=22),
            Col("Địa chỉ", "address", width=30),
            Col("CCCD", "id_number", width=14),
            Col("Phân loại", "category", variants=CATEGORY, width=12),
            Col("Nội dung tóm tắt", "summary", width=40, nfd=0.05),
            Col("Chuyển đơn", mark(T.FORWARD), group="Hướng xử lý", total="count", width=8),
            Col("Hướng dẫn", mark(T.GUIDE), group="Hướng xử lý", total="count", width=8),
            Col("Trả lời", mark(T.ANSWER), group="Hướng xử lý", total="count", width=8),
            Col("Lưu", mark(T.ARCHIVE), group="Hướng xử lý", total="count", width=8),
            Col("Lý do lưu", "archive_reason", width=18),
            Col("Kết quả\ngiải quyết", "result", width=26),
            _phone_col(),
        ]
    else:
        cols = [
            Col("Số TT", "#", width=5),
            Col("Ngày\nnhận đơn", "received_date", dates="mixed", width=12),
            Col("HỌ TÊN NGƯỜI GỬI", "sender", width=22),
            Col("Địa chỉ người gửi", "address", width=30),
            Col("Số CCCD/CMND", "id_number", width=14),
            Col("Loại đơn", "category", variants=CATEGORY, width=12),
            Col("Lĩnh vực", "field", width=12),
            Col(NFD("Nội dung tóm tắt"), "summary", width=40, nfd=0.05),
            Col("Hướng xử lý", "action", variants=ACTION, width=14),
            Col("Cơ quan nhận đơn chuyển", "recipient", width=20),
            Col("Lý do lưu đơn", "archive_reason", width=18),
            Col("Kết quả giải quyết", "result", width=26),
            _note_col(),
        ]
    return Sheet(cols=cols, df=df, **kw)


def citizen_reception(df: pd.DataFrame, style: str, **kw) -> Sheet:
    """Styles: ``split`` (separate PII columns), ``combined`` (official form: combined cells)."""
    if style == "combined":
        def pii(r, rng):
            return f"{r['name']} - {r['address']} - {r['id_number'] or 'không có CMND'}"

        def cat_people(r, rng):
            cat = choose(["Khiếu nại", "Tố cáo", "Kiến nghị", "Không đơn"], rng) if r["category"] else "Không đơn"
            if r["people"] >= 5:
                return f"Tập thể: {r['people']}"
            return f"{cat} / {r['people']}"
        cols = [
            Col("TT", "#", width=5),
            Col("Ngày tiếp", "date", merge=True, width=12),
            Col("Họ tên - Địa chỉ - CMND/Hộ chiếu của công dân", pii, width=45),
            Col("Hình thức tiếp", "kind", variants=RECEPTION_KIND, width=14),
            Col("Mã vụ việc", "case_id", width=12),
            Col("Nội dung vụ việc", "summary", width=40),
            Col("Phân loại đơn/Số người", cat_people, width=16),
            _note_col(("", "85,5%", "Đã hướng dẫn", "")),
        ]
    else:
        cols = [
            Col("Ngay tiep", "date", dates="mixed", width=12),
            Col("Loại tiếp dân", "kind", variants=RECEPTION_KIND, width=14),
            Col("Họ và tên", "name", width=22),
            Col("Địa chỉ", "address", width=30),
            Col("Số CCCD/CMND", "id_number", width=14),
            Col("Loại vụ việc", "category", variants=CATEGORY, width=12),
            Col("Nội dung", "summary", width=40),
            Col("Số vụ việc", "case_id", width=12),
            Col("Số lượt người", "people", numtext=0.3, total="sum", width=8),
            _phone_col(0.5),
        ]
    return Sheet(cols=cols, df=df, **kw)


def voter_meetings(df: pd.DataFrame, style: str, **kw) -> Sheet:
    """Styles: ``doan`` (by kind, with Cộng per kind) and ``hdnd`` (merged round/district blocks)."""
    rounds = round_variants(df["round"].unique())
    if style == "hdnd":
        cols = [
            Col("Đợt tiếp xúc", "round", variants=rounds, merge=True, width=22),
            Col("Huyện, thị xã,\nthành phố", "district", variants=DISTRICT, merge=True, width=18),
            Col("Xã, phường, thị trấn", "venue", width=20),
            Col("Ngày tiếp xúc", "date", width=12),
            Col("Số cử tri\ntham dự", "voters", total="sum", width=10),
            Col("Số lượt ý kiến", "opinions", total="sum", unit=" ý kiến", width=10),
            _note_col(),
        ]
    else:
        cols = [
            Col("STT", "#", width=5),
            Col("Thời gian", "date", width=12),
            Col("Đợt", "round", variants=rounds, width=22),
            Col("Loại hội nghị", "kind", variants=MEETING_KIND, width=16),
            Col("Địa bàn", "district", variants=DISTRICT, width=18),
            Col("Điểm tiếp xúc", "venue", width=26),
            Col("Lượt cử tri", "voters", total="sum", width=10),
            Col("Ý kiến, kiến nghị", "opinions", total="sum", width=10),
            Col("Tỷ lệ so với dự kiến", lambda r, rng: choose(["85,5%", "90%", "100%", "92,3%"], rng), width=10),
        ]
    return Sheet(cols=cols, df=df, **kw)


def voter_recommendations(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("STT", "#", width=5), Col("Nội dung kiến nghị", "content", width=45),
            Col("Lĩnh vực", "field"), Col("Cơ quan nhận", "recipient", width=24),
            Col("Ngày chuyển", "forwarded_date", dates="mixed"), Col("Ngày trả lời", "reply_date")]
    return Sheet(cols=cols, df=df, **kw)


def law_consultations(df: pd.DataFrame, style: str, **kw) -> Sheet:
    sessions = session_variants(df.session)
    sessions = {k: [v[0] + (", khóa XIV" if "Kỳ họp" in v[0] else "")] for k, v in sessions.items()}
    cols = [Col("TT", "#", width=5), Col("Tên dự án luật", "law", width=50),
            Col("Kỳ họp", "session", variants=sessions, width=16),
            Col("Hình thức\nlấy ý kiến", "method", variants=LAW_METHOD, width=16), Col("Ngày", "date")]
    return Sheet(cols=cols, df=df, **kw)


def floor_activity(df: pd.DataFrame, style: str, **kw) -> Sheet:
    sessions = {n: [f"Kỳ họp thứ {n}", f"thứ {number_words(n)}", f"{n}"] for n in df.session.unique()}
    cols = [Col("Kỳ họp", "session", variants=sessions, merge=True, width=14), Col("Đại biểu", "delegate", width=24),
            Col("HÌNH THỨC", "kind", variants=FLOOR_KIND, width=20), Col("Đối tượng chất vấn", "respondent", width=30),
            Col("Nội dung", "content", width=45)]
    return Sheet(cols=cols, df=df, **kw)


def oversight(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Stt", "#", width=5), Col("Tên cuộc", "content", width=45),
            Col("Loại", "kind", variants=OVERSIGHT_KIND, width=16), Col("Cơ quan chủ trì", "lead", width=20),
            Col("Từ ngày", "from_date", dates="mixed"), Col("Đến ngày", "to_date"),
            Col("Theo kế hoạch", "in_plan", variants=IN_PLAN, width=10),
            Col("Số kiến nghị", "recommendations", total="sum", width=10)]
    if "body" in df:
        cols.insert(1, body_col(merge=False))
    return Sheet(cols=cols, df=df, **kw)


def resolutions(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Số, ký hiệu", "symbol", width=18), Col("Ngày ban hành", "date", merge=True),
            Col("Trích yếu", "summary", width=50), Col("Loại", "kind", variants=RES_KIND, width=12),
            Col("Kỳ họp", "session", variants=session_variants(df.session), width=14)]
    return Sheet(cols=cols, df=df, **kw)


def documents_in(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Số đến", "no", width=8), Col("Ngày đến", "date", dates="mixed" if style == "mixed" else "excel"),
            Col("Tác giả" if style != "alias" else "Nơi gửi", "author", width=24), Col("Số, ký hiệu", "symbol", width=16),
            Col("Ngày văn bản", "doc_date"), Col("Tên loại và trích yếu nội dung", "summary", width=50),
            Col("Đơn vị hoặc người nhận", "recipient", width=20)]
    return Sheet(cols=cols, df=df, **kw)


def documents_out(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Số, ký hiệu văn bản", "symbol", width=18), Col("Ngày tháng văn bản", "date"),
            Col("Tên loại và trích yếu nội dung", "summary", width=50), Col("Người ký", "signer", width=18),
            Col("Nơi nhận văn bản", "to", width=24), Col("Số lượng bản", "copies", width=8)]
    return Sheet(cols=cols, df=df, **kw)


def web_posts(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Ngày đăng", "date"), Col("Loại", "kind", variants=WEB_KIND), Col("Tiêu đề", "title", width=50)]
    if "body" in df:
        cols.append(body_col(merge=False))
    if style == "export":
        cols.append(Col("Lượt xem", lambda r, rng: int(rng.integers(20, 900))))
    return Sheet(cols=cols, df=df, **kw)


def awards(df: pd.DataFrame, style: str, **kw) -> Sheet:
    def subject(r, rng):
        if r["subject"] == "Tập thể" and r["title"] == "Tập thể lao động tiên tiến" and r["name"].endswith("Tổng hợp"):
            return None  # blank: the "Tập thể ..." prefix tells
        return r["subject"]
    cols = [Col("TT", "#", width=5), Col("Họ tên / Tập thể", "name", width=36),
            Col("Đối tượng", subject, width=10), Col("Danh hiệu, hình thức khen thưởng", "title", width=32),
            Col("Cấp khen", "level", width=24), Col("Trạng thái", lambda r, rng: r["status"] if r["status"] != "Đã khen" or rng.random() < 0.5 else None)]
    if "body" in df:
        cols.insert(1, body_col())
    return Sheet(cols=cols, df=df, **kw)


def welfare(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Nội dung", "content", width=50), Col("Ngày", "date", dates="mixed"),
            Col("Loại", "kind", variants=WELFARE_KIND, width=14),
            Col("Số tiền (đồng)", "amount", numtext=0.4, unit=(" đồng", "đ", " đồng"), total="sum", width=16),
            Col("Hiện vật", "in_kind", width=14), _note_col()]
    if "body" in df:
        cols.insert(1, body_col())
    return Sheet(cols=cols, df=df, **kw)


def staff_changes(df: pd.DataFrame, style: str, **kw) -> Sheet:
    cols = [Col("Họ và tên", "name", width=24), Col("Biến động", "change", width=20), Col("Ngày", "date"),
            Col("Ghi chú", lambda r, rng: "Theo Quyết định của Chủ tịch UBND tỉnh", width=30)]
    return Sheet(cols=cols, df=df, **kw)


TITLES = {
    "petitions": "tiếp nhận, xử lý đơn thư", "citizen_reception": "tiếp công dân", "voter_meetings": "tiếp xúc cử tri",
    "voter_recommendations": "kiến nghị cử tri đã chuyển", "law_consultations": "lấy ý kiến dự án luật",
    "floor_activity": "phát biểu, chất vấn tại kỳ họp", "oversight": "giám sát, khảo sát", "resolutions": "nghị quyết HĐND tỉnh",
    "documents_in": "văn bản đến", "documents_out": "văn bản đi", "web_posts": "tin, bài đăng trang thông tin điện tử",
    "awards": "thi đua, khen thưởng", "welfare": "an sinh xã hội, quyên góp", "staff_changes": "biến động công chức, người lao động",
}
RENDERERS = {name: globals()[name] for name in TITLES}
