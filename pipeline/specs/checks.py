"""The checks every spec passes when it loads, as small registered functions (pandera style).

Each check looks at one thing and returns problems as lines — "file › place:
what is wrong; the fix" — collected as data by :mod:`pipeline.specs.load`, which
raises them all at once. The filter of an indicator is checked against the
register's columns without any data (an unknown column would otherwise stop
the whole run with ``UndefinedVariableError``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

import pandas as pd

from pipeline.bodies import ALL_BODIES, BODIES
from pipeline.specs.registers import COLUMN_TYPES, Register, Schema
from pipeline.vi.nearest import suggestion

AGGREGATIONS = ("count", "sum", "nunique", "share")
DISTINCT_SCOPES = ("", "value", "body")
CHART_TAGS = ("main", "trend")
NUMERIC = ("whole", "money")
COLUMN_FIELDS = {"key", "header", "aliases", "type", "required", "categories", "default", "merged_fill", "derive",
                 "scrub", "targets", "key_normalised", "own_key", "blank_when"}
REGISTER_FIELDS = {"label_vi", "columns", "year_column", "mark_groups", "identity", "identity_key", "person",
                   "breakdowns", "crosstab"}

RegisterCheck = Callable[[str, dict, dict, str], list[str]]
REGISTER_CHECKS: list[RegisterCheck] = []
IndicatorCheck = Callable[[dict, Schema, dict[str, str]], list[str]]
INDICATOR_CHECKS: list[IndicatorCheck] = []


def register_check(fn: RegisterCheck) -> RegisterCheck:
    REGISTER_CHECKS.append(fn)
    return fn


def indicator_check(fn: IndicatorCheck) -> IndicatorCheck:
    INDICATOR_CHECKS.append(fn)
    return fn


# --------------------------------------------------------------------------- registers


def check_registers(data: dict, package_name: str, local_name: str, local_registers: set[str]) -> list[str]:
    """Every register of the merged registers.toml data, each named by the file that declared it."""
    problems = []
    categories = data.get("categories", {})
    common = [{"key": k, **v} for k, v in data.get("common_columns", {}).items()]
    for name, spec in data.get("registers", {}).items():
        file = local_name if name in local_registers else package_name
        where = f"{file} › [registers.{name}]"
        if not isinstance(spec, dict) or not isinstance(spec.get("columns"), list):
            problems.append(f"{where}: thiếu danh sách columns = [{{ key = …, header = …, type = … }}, …]")
            continue
        full = {**spec, "columns": [*spec["columns"], *[c for c in common if c["key"] not in {x.get("key") for x in spec["columns"]}]]}
        for check in REGISTER_CHECKS:
            problems.extend(check(where, full, categories, name))
    for set_name, codes in categories.items():
        for code, cat in codes.items():
            if not isinstance(cat, dict) or "label_vi" not in cat or not isinstance(cat.get("variants"), list):
                problems.append(f"{local_name or package_name} › [categories.{set_name}] mã «{code}»: cần "
                                f'{{ label_vi = "…", variants = ["…"] }}')
    return problems


@register_check
def _register_fields(where: str, spec: dict, categories: dict, name: str) -> list[str]:
    out = [f"{where}: khóa «{k}» không có{suggestion(k, REGISTER_FIELDS)}" for k in sorted(set(spec) - REGISTER_FIELDS)]
    if not spec.get("label_vi"):
        out.append(f'{where}: thiếu label_vi = "tên sổ bằng tiếng Việt"')
    return out


@register_check
def _column_entries(where: str, spec: dict, categories: dict, name: str) -> list[str]:
    out, seen = [], set()
    for n, col in enumerate(spec["columns"], start=1):
        key = col.get("key")
        here = f"{where} cột «{key or n}»"
        if not key or not col.get("header"):
            out.append(f"{here}: cần key và header (tên cột như trong sổ)")
        if key in seen:
            out.append(f"{here}: khóa cột lặp lại: mỗi key chỉ một lần trong một sổ")
        seen.add(key)
        out += [f"{here}: thuộc tính «{k}» không có{suggestion(k, COLUMN_FIELDS)}" for k in sorted(set(col) - COLUMN_FIELDS)]
        kind = col.get("type", "text")
        if kind not in COLUMN_TYPES:
            out.append(f"{here}: kiểu «{kind}» không có{suggestion(kind, COLUMN_TYPES)} (các kiểu: {', '.join(sorted(COLUMN_TYPES))})")
        if kind in ("category", "category_people"):
            out += _category_reference(here, col, categories)
        elif col.get("categories"):
            out.append(f"{here}: categories chỉ dùng với type = \"category\"")
    return out


def _category_reference(here: str, col: dict, categories: dict) -> list[str]:
    set_name = col.get("categories")
    if not set_name:
        return [f'{here}: cột danh mục cần categories = "tên bảng [categories.…]"']
    if set_name not in categories:
        return [f"{here}: danh mục «{set_name}» không có{suggestion(set_name, categories)}: thêm [categories.{set_name}] hoặc sửa tên"]
    default = col.get("default")
    if isinstance(default, str) and default not in categories[set_name]:
        return [f"{here}: default «{default}» không phải mã của danh mục {set_name}{suggestion(default, categories[set_name])} "
                f"(các mã: {', '.join(categories[set_name])})"]
    return []


@register_check
def _column_references(where: str, spec: dict, categories: dict, name: str) -> list[str]:
    """year_column, identity, person, breakdowns, crosstab, mark groups, derivations, blank_when, targets."""
    from pipeline.clean.sheet import DERIVATIONS

    columns = {c.get("key"): c for c in spec["columns"]}
    keys = list(columns)
    out = []

    def known(label: str, key: str) -> None:
        if key not in columns:
            out.append(f"{where}: {label} «{key}» không phải cột của sổ{suggestion(key, keys)} (các cột: {', '.join(map(str, keys))})")

    year = spec.get("year_column")
    if year:
        known("year_column", year)
        if year in columns and columns[year].get("type") != "date":
            out.append(f"{where}: year_column «{year}» phải là cột kiểu date")
    for label in ("identity", "person", "breakdowns", "crosstab"):
        for key in spec.get(label, []):
            known(label, key)
    for group in spec.get("mark_groups", []):
        known("mark_groups", group.get("key"))
    for col in spec["columns"]:
        if col.get("derive") and col["derive"] not in DERIVATIONS:
            out.append(f"{where} cột «{col.get('key')}»: derive «{col['derive']}» không có (có: {', '.join(DERIVATIONS)})")
        for other in col.get("blank_when", {}):
            known("blank_when", other)
    return out


# --------------------------------------------------------------------------- indicators


def check_catalogue(table: pd.DataFrame, schema: Schema) -> list[str]:
    """Every indicator row against the registers (the merged table, each row named by its file and line)."""
    problems = []
    ids = dict(zip(table["indicator"], table["register"]))
    for row in table.to_dict("records"):
        for check in INDICATOR_CHECKS:
            problems.extend(f"{row['_source']} › dòng {row['_line']} ({row['indicator'] or '?'}): {p}" for p in check(row, schema, ids))
    return problems


def check_duplicate_ids(table: pd.DataFrame, key: str = "indicator") -> list[str]:
    """One file declaring the same id twice (a local row replacing a package row is not a duplicate)."""
    problems = []
    dupes = table[table[key].duplicated(keep=False) & (table[key] != "")]
    for value, rows in dupes.groupby(key):
        lines = ", ".join(str(n) for n in rows["_line"])
        problems.append(f"{rows['_source'].iloc[0]} › dòng {lines}: «{value}» khai báo nhiều lần: giữ một dòng")
    return problems


@indicator_check
def _register_exists(row: dict, schema: Schema, ids: dict) -> list[str]:
    if row["aggregation"] == "share" or row["register"] in schema.registers:
        return []
    return [f"sổ «{row['register']}» không có{suggestion(row['register'], schema.registers)}: "
            f"các sổ: {', '.join(schema.registers)}"]


@indicator_check
def _aggregation_known(row: dict, schema: Schema, ids: dict) -> list[str]:
    if row["aggregation"] in AGGREGATIONS:
        return []
    return [f"cách tính «{row['aggregation']}» không có{suggestion(row['aggregation'], AGGREGATIONS)} (chỉ: {', '.join(AGGREGATIONS)})"]


@indicator_check
def _field_of_register(row: dict, schema: Schema, ids: dict) -> list[str]:
    register = schema.registers.get(row["register"])
    if register is None or row["aggregation"] not in ("sum", "nunique"):
        return []  # an unknown register is reported once, by _register_exists
    field = row["field"]
    columns = register.table_columns
    if not field:
        return [f"cách tính {row['aggregation']} cần cột field (một cột của sổ {register.name})"]
    if field not in columns:
        return [f"field «{field}» không phải cột của sổ {register.name}{suggestion(field, columns)} (các cột: {', '.join(c for c in columns if not c.startswith('_'))})"]
    if row["aggregation"] == "sum" and _column_type(register, field) not in NUMERIC:
        return [f"sum cần một cột số (whole/money); «{field}» là {_column_type(register, field)}"]
    return []


@indicator_check
def _distinct_scope_known(row: dict, schema: Schema, ids: dict) -> list[str]:
    if row["distinct_scope"] in DISTINCT_SCOPES:
        return []
    return [f"distinct_scope «{row['distinct_scope']}» không có (để trống, value hoặc body)"]


@indicator_check
def _chart_tags_known(row: dict, schema: Schema, ids: dict) -> list[str]:
    bad = [t for t in row["chart"].split() if t not in CHART_TAGS]
    return [f"chart «{t}» không có (chỉ: {', '.join(CHART_TAGS)}, cách nhau bằng dấu cách)" for t in bad]


@indicator_check
def _share_parts_exist(row: dict, schema: Schema, ids: dict) -> list[str]:
    if row["aggregation"] != "share":
        return []
    parts = row["filter"].split("/")
    if len(parts) != 2:
        return ["share cần filter dạng «chỉ_tiêu_phần/chỉ_tiêu_tổng»"]
    return [f"share: chỉ tiêu «{p}» không có{suggestion(p, ids)}" for p in parts if p not in ids]


@indicator_check
def _filter_names_columns(row: dict, schema: Schema, ids: dict) -> list[str]:
    register = schema.registers.get(row["register"])
    if register is None or row["aggregation"] == "share" or not row["filter"]:
        return []
    try:
        tree = ast.parse(row["filter"], mode="eval")
    except SyntaxError as exc:
        return [f"filter «{row['filter']}» sai cú pháp ({exc.msg}): viết như action == 'archive' hoặc kind in ['a', 'b']"]
    columns = register.table_columns
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id not in columns and node.id not in ("True", "False", "None"):
            pii = node.id in register.pii_keys
            out.append(
                f"filter dùng cột «{node.id}» " + ("chứa dữ liệu cá nhân, không có trong bảng đã xử lý" if pii else
                f"không có trong sổ {register.name}{suggestion(node.id, columns)}")
            )
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Name):
            out += _filter_codes(node, register, schema)
    return out


def _filter_codes(node: ast.Compare, register: Register, schema: Schema) -> list[str]:
    """'action == "archive"': archive must be a code of the action column's category set."""
    try:
        column = register.column(node.left.id)
    except KeyError:
        return []
    if column.type not in ("category", "category_people") or not column.categories:
        return []
    codes = schema.categories.get(column.categories, {})
    values = []
    for comp in node.comparators:
        if isinstance(comp, ast.Constant) and isinstance(comp.value, str):
            values.append(comp.value)
        elif isinstance(comp, (ast.List, ast.Tuple, ast.Set)):
            values += [e.value for e in comp.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return [f"filter: «{v}» không phải mã của danh mục {column.categories}{suggestion(v, codes)} (các mã: {', '.join(codes)})"
            for v in values if v not in codes]


def _column_type(register: Register, key: str) -> str:
    try:
        return register.column(key).type
    except KeyError:
        return "cột dẫn xuất"


# --------------------------------------------------------------------------- units


def check_units(units: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    ids = set(table["indicator"])
    bodies = (*BODIES, ALL_BODIES)
    out = []
    for row in units.to_dict("records"):
        here = f"{row['_source']} › dòng {row['_line']}"
        if row["indicator"] not in ids:
            out.append(f"{here}: chỉ tiêu «{row['indicator']}» không có{suggestion(row['indicator'], ids)}")
        if row["body"] not in bodies:
            out.append(f"{here}: bộ phận «{row['body']}» không có (chỉ: {', '.join(bodies)})")
    return out


# --------------------------------------------------------------------------- periods


def check_periods(table: pd.DataFrame) -> list[str]:
    """Days and months in range, a "year" period that is the calendar year, a label for each."""
    import calendar

    out = []
    for row in table.to_dict("records"):
        here = f"{row['_source']} › dòng {row['_line']} ({row['period'] or '?'})"
        try:
            first_day, first_month = int(row["first_day"]), int(row["first_month"])
            last_day, last_month = int(row["last_day"]), int(row["last_month"])
        except ValueError:
            out.append(f"{here}: first_day, first_month, last_day, last_month phải là số nguyên")
            continue
        for day, month, what in ((first_day, first_month, "ngày đầu"), (last_day, last_month, "ngày cuối")):
            if not 1 <= month <= 12 or not 1 <= day <= 31 or (what == "ngày đầu" and day > calendar.monthrange(2021, month)[1]):
                out.append(f"{here}: {what} {day}/{month} không có thật")
        if str(row["from_previous_year"]).strip().lower() not in ("", "yes", "no", "true", "false", "1", "0", "có", "không"):
            out.append(f"{here}: from_previous_year «{row['from_previous_year']}»: để trống hoặc ghi yes")
        if not row["label_vi"]:
            out.append(f"{here}: thiếu label_vi (tên kỳ bằng tiếng Việt, ví dụ «6 tháng đầu năm»)")
    years = table[table["period"] == "year"]
    if years.empty:
        out.append("periods.csv: thiếu kỳ «year» (cả năm, 1/1–31/12): các bảng năm dựa vào nó")
    elif tuple(years.iloc[0][["first_day", "first_month", "last_day", "last_month"]]) != ("1", "1", "31", "12") or years.iloc[0]["from_previous_year"]:
        out.append(f"{years.iloc[0]['_source']}: kỳ «year» phải là 1/1–31/12 (số liệu năm theo thư mục năm); kỳ khác hãy đặt tên khác")
    return out
