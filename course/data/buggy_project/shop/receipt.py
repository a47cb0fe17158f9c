"""Receipts: a cart as printable lines."""
from shop.cart import Cart
from shop.catalog import name_of, price_of
from shop.config import CURRENCY


def money(cents: int) -> str:
    """Cents as a price string, e.g. 1999 -> '$19.99'."""
    return f"{CURRENCY}{cents // 100}.{cents % 100:02d}"


def receipt(cart: Cart, code: str | None = None) -> list[str]:
    """One line per product, then the total."""
    lines = [f"{qty} x {name_of(sku)} @ {money(price_of(sku))}" for sku, qty in sorted(cart.items.items())]
    lines.append(f"TOTAL {money(cart.total(code))}")
    return lines
