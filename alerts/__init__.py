"""Delivering queued alerts to people: the outbox, message rendering and reporters."""
