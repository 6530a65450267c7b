"""How exact a printed percentage must be.

A report prints 144/166 = 86,747% as "86,74%" (cut) as often as "86,75%"
(rounded): both are right. A printed value is accepted when it is within one
unit of its last printed digit of the exact value; the value rounded half up
(``formatting.round_half_up``) is what the checker proposes.
"""

from __future__ import annotations

from pipeline.vi.formatting import round_half_up


def printed_decimals(printed: str) -> int:
    """'86,74%' → 2, '14%' → 0, 'tăng 9,3% so với …' → 1."""
    for token in printed.replace("%", " ").split():
        if any(c.isdigit() for c in token):
            return len(token.split(",")[1]) if "," in token else 0
    return 0


def within_last_digit(exact: float, printed: float, decimals: int) -> bool:
    """|exact − printed| < one unit of the last printed digit (rounded or cut both pass)."""
    step = 10.0 ** -decimals
    return abs(exact - printed) < step - 1e-9 or abs(round_half_up(exact, decimals) - printed) < 1e-9


def rounded_exactly(exact: float, printed: float, decimals: int) -> bool:
    return abs(round_half_up(exact, decimals) - printed) < 1e-9


APPROXIMATE_TOLERANCE = 0.05  # "khoảng 2.200", "giảm gần 30%": within 5% of the printed value


def qualified(exact: float, printed: float, qualifier: str) -> bool:
    """A change printed roughly: 'giảm gần 30%' (about), 'tăng hơn 20 đơn' (more than, the same way).

    `exact` and `printed` are signed (a decrease is negative).
    """
    if exact * printed < 0:
        return False
    if qualifier == "lower_bound":
        return abs(exact) > abs(printed)
    return abs(exact - printed) <= APPROXIMATE_TOLERANCE * max(abs(printed), 1)
