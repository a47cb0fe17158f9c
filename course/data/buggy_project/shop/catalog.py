"""The products on sale, with prices in whole cents."""

PRODUCTS = {
    "mug": ("Coffee mug", 1999),
    "tee": ("T-shirt", 2450),
    "pin": ("Enamel pin", 500),
}


def price_of(sku: str) -> int:
    """The unit price of a product, in cents."""
    try:
        return PRODUCTS[sku][1]
    except KeyError:
        raise KeyError(f"unknown product {sku!r}; known: {', '.join(sorted(PRODUCTS))}") from None


def name_of(sku: str) -> str:
    """The display name of a product."""
    return PRODUCTS[sku][0]
