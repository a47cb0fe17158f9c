"""Discount codes: how much a code takes off a subtotal."""
from shop.config import DISCOUNT_CODES


def discount_rate(code: str | None) -> float:
    """The rate of a code (0.0 for no code or an unknown one)."""
    if not code:
        return 0.0
    return DISCOUNT_CODES.get(code.strip().upper(), 0.0)


def discount_amount(subtotal_cents: int, code: str | None) -> int:
    """How many cents the code takes off the subtotal, rounded to the nearest cent."""
    rate = discount_rate(code)
    return round(subtotal_cents * rate / 100)
