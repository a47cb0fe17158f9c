"""The coding sandbox of lesson 7: a copied project, path-confined file tools, and its tests."""
