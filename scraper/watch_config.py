"""A Scrapy add-on that applies the product's config file to the crawl's settings."""

import os

import config


class WatchConfig:
    """Loads config.toml (or WATCH_CONFIG / $OFSTED_WATCH_CONFIG) into settings["WATCH"]."""

    def update_settings(self, settings) -> None:
        # The crawl child has parsed it already; `scrapy crawl` has not.
        watch = settings.get("WATCH") or config.load(
            settings.get("WATCH_CONFIG") or os.environ.get(config.PATH_ENV)
        )
        settings.set("WATCH", watch, priority="addon")
        settings.set("USER_AGENT", watch.user_agent, priority="addon")
        settings.set("DOWNLOAD_DELAY", watch.crawl.delay, priority="addon")
        settings.set("DOWNLOAD_TIMEOUT", watch.crawl.timeout, priority="addon")
        settings.set("RETRY_TIMES", watch.crawl.retries, priority="addon")
        settings.set("RETRY_BACKOFF", watch.crawl.backoff, priority="addon")
        settings.set("DOWNLOAD_MAXSIZE", watch.reading.max_bytes, priority="addon")
