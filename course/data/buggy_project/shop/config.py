"""Shop settings."""

CURRENCY = "$"

# Discount codes and their rates, as fractions of the subtotal (0.10 means 10 % off).
DISCOUNT_CODES = {
    "SAVE10": 0.10,
    "WELCOME5": 0.05,
}
