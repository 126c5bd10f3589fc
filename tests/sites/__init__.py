"""Local copies of the sites the product reads, served on 127.0.0.1 in tests."""
