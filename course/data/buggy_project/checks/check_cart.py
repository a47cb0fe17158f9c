"""Checks for the shop (plain unittest, so pytest or unittest can run them)."""
import unittest

from shop.cart import Cart
from shop.receipt import money, receipt


def sample_cart() -> Cart:
    cart = Cart()
    cart.add("mug", 2)
    cart.add("pin")
    return cart


class CartChecks(unittest.TestCase):
    def test_subtotal_adds_price_times_quantity(self):
        self.assertEqual(sample_cart().subtotal(), 4498)

    def test_no_code_pays_the_subtotal(self):
        self.assertEqual(sample_cart().total(), 4498)

    def test_unknown_code_changes_nothing(self):
        self.assertEqual(sample_cart().total("NOPE"), 4498)

    def test_save10_takes_ten_percent_off(self):
        self.assertEqual(sample_cart().total("SAVE10"), 4048)

    def test_money_formats_cents(self):
        self.assertEqual(money(4048), "$40.48")

    def test_receipt_ends_with_the_total(self):
        self.assertEqual(receipt(sample_cart())[-1], "TOTAL $44.98")


if __name__ == "__main__":
    unittest.main()
