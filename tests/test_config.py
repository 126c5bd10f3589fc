"""The config file: the annotated example is valid and says what the defaults are."""

from pathlib import Path

import config

PROJECT = Path(__file__).resolve().parents[1]


def test_the_example_config_is_valid_and_shows_the_defaults():
    example = config.load(PROJECT / "config.example.toml")
    assert example == config.Config()


def test_sources_are_provider_pages_then_news():
    keys = list(config.Config().sources)
    assert keys[0] == "ofsted:80492" and all(k.startswith("news:") for k in keys[1:])
