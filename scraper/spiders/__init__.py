"""The spiders: one per kind of source."""
