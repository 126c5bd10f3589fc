"""Scrapy settings for ofsted-watch.

Values that users tune (delay, timeout, retries, User-Agent contact) come from the
product's TOML config through the WatchConfig add-on, not from here.
"""

from scrapy.settings import default_settings

BOT_NAME = "ofsted-watch"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

ADDONS = {"scraper.watch_config.WatchConfig": 0}

ROBOTSTXT_OBEY = True
# One request at a time per host; DOWNLOAD_DELAY (from [crawl] delay) spaces them.
CONCURRENT_REQUESTS_PER_DOMAIN = 1
# Requests waiting their turn, all hosts together. Scrapy's 16 would queue a backlog of
# pages at a host, and a document (fetched when a reading worker can take it) behind them.
CONCURRENT_REQUESTS = 4
# A page's items through the pipelines at a time. Scrapy's 100 holds 100 tasks for every
# page whose documents wait for a reading worker: about 8 MB on a sector backfill, for
# nothing, as the reading pool takes only a few documents at once.
CONCURRENT_ITEMS = 16
DOWNLOAD_DELAY_JITTER = 0
COOKIES_ENABLED = False
# Scrapy would parse each callback's source on every call to warn about a generator that
# returns a value; ours are tested, and on a sector sweep it is a tenth of the crawl.
WARN_ON_GENERATOR_RETURN_VALUE = False
# A service must not open ports nobody asked for.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Not even imported: Scrapy imports every extension it lists before asking whether it is
# enabled, and these two (Twisted's conch, aiohttp) cost a quiet cycle a sixth of its time.
# Listing them as None in EXTENSIONS would import them too, to compare the keys.
# The same for the cookie middleware, off above, which would import tldextract.
_NEVER_LOADED = (
    "scrapy.extensions.telnet.TelnetConsole",
    "scrapy.extensions.remote_control.RemoteControl",
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware",
)
EXTENSIONS_BASE = {
    path: order for path, order in default_settings.EXTENSIONS_BASE.items() if path not in _NEVER_LOADED
}
DOWNLOADER_MIDDLEWARES_BASE = {
    path: order
    for path, order in default_settings.DOWNLOADER_MIDDLEWARES_BASE.items()
    if path not in _NEVER_LOADED
}

# 403 is how the site says "slow down" during bulk runs, so it is retried too.
RETRY_HTTP_CODES = [403, 408, 429, 500, 502, 503, 504, 522, 524]
# Only http and https are ever requested: no file://, data:, ftp:// or s3://.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
# Names resolve to public addresses only, checked on the address each connection uses.
TWISTED_DNS_RESOLVER = "scraper.origins.PublicAddresses"
DOWNLOADER_MIDDLEWARES = {
    # First of all, so robots.txt requests and every redirect hop pass it too.
    "scraper.origins.OriginCheck": 1,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scraper.middlewares.BackoffRetryMiddleware": 550,
    # Below the retries, so it sees only the answer they settle on: a response that is
    # retried (an error page served with 200, say) never reaches it to give validators.
    "scraper.conditional.ConditionalRequests": 540,
}

# "sources read 12 of 153; documents read 40 of 52" every 30 s of a long crawl.
EXTENSIONS = {"scraper.progress.Progress": 500}

ITEM_PIPELINES = {
    "scraper.pipelines.ReadPipeline": 500,
    "scraper.pipelines.StorePipeline": 800,
}

# Never serve a stale copy: every cycle must see the live page.
HTTPCACHE_ENABLED = False
LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
# An item that fails in the pipelines: one line saying which and why (the pipeline counts it).
LOG_FORMATTER = "scraper.failures.ItemErrors"
# Per-source outcomes are logged by the pipeline; the full stats dump is noise for ops.
STATS_DUMP = False
FEED_EXPORT_ENCODING = "utf-8"
