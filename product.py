"""What the product is and where it finds its config: light to import, so that the
command line can start a cycle's crawl before it loads anything heavier."""

VERSION = "0.1.0"
DEFAULT_PATH = "config.toml"
# Lets `scrapy crawl ...` and the crawl child process find the same file.
PATH_ENV = "OFSTED_WATCH_CONFIG"
# The Slack tokens, read from the environment only: kept from the crawl, redacted in logs.
SLACK_TOKENS = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
