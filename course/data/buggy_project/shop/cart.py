"""A shopping cart."""
from shop.catalog import price_of
from shop.discounts import discount_amount


class Cart:
    """Products and quantities; totals in cents."""

    def __init__(self) -> None:
        self.items: dict[str, int] = {}

    def add(self, sku: str, quantity: int = 1) -> None:
        """Add some of a product."""
        if quantity < 1:
            raise ValueError("quantity must be at least 1")
        price_of(sku)  # fail early on unknown products
        self.items[sku] = self.items.get(sku, 0) + quantity

    def subtotal(self) -> int:
        """The sum of price × quantity, before any discount."""
        return sum(price_of(sku) * qty for sku, qty in self.items.items())

    def total(self, code: str | None = None) -> int:
        """What the customer pays, after the discount code."""
        subtotal = self.subtotal()
        return subtotal - discount_amount(subtotal, code)
