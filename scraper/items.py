"""What the spiders yield."""

import scrapy


class PublicationItem(scrapy.Item):
    """One publication listed on a provider page."""

    id = scrapy.Field()  # the file id at the end of the document link
    source = scrapy.Field()  # the source key, e.g. "ofsted:80492"
    authority = scrapy.Field()
    urn = scrapy.Field()
    type = scrapy.Field()
    title = scrapy.Field()
    url = scrapy.Field()  # the document
    published = scrapy.Field()  # datetime.date or None
    event_date = scrapy.Field()  # datetime.date or None: the inspection, not the publication
    page_url = scrapy.Field()
    reading = scrapy.Field()  # set by ReadPipeline: what reading the document gave


class SourceReadItem(scrapy.Item):
    """The outcome of reading one source, yielded after its publications."""

    source = scrapy.Field()
    name = scrapy.Field()
    ok = scrapy.Field()
    seen = scrapy.Field()  # publications found
    error = scrapy.Field()  # why the read failed, for ops


class NewsArticleItem(scrapy.Item):
    """A sector news article that names a watched authority in its listing."""

    source = scrapy.Field()  # the source key, e.g. "news:Community Care"
    title = scrapy.Field()
    url = scrapy.Field()
    published = scrapy.Field()  # datetime.date or None
    listing_text = scrapy.Field()  # the feed's summary or the listing's teaser
    html = scrapy.Field()  # the article page, or None when it could not be fetched
    reading = scrapy.Field()  # set by ReadPipeline: the authority, summary and kinds named
