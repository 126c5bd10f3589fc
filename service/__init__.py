"""The service around the data flow: cycles, their schedule, the crawl child, health,
logging. It orchestrates the layers below (scraper, reader, storage, alerts); none of
them imports it."""
