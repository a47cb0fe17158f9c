"""A tiny checkout library: a catalog, a cart, discount codes and receipts."""
