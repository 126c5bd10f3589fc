"""The read-only web pages and feeds for comms staff."""
