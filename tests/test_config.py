"""The config file: the annotated example is valid and says what the defaults are."""

from pathlib import Path

import pytest

import config

PROJECT = Path(__file__).resolve().parents[1]


def test_the_example_config_is_valid_and_shows_the_defaults():
    example = config.load(PROJECT / "config.example.toml")
    # Its relative SQLite path is read from its own folder, as every config file's is.
    defaults = config.Config()
    assert example == defaults.model_copy(update={"storage": defaults.storage.anchored(PROJECT)})


def test_sources_are_provider_pages_then_news():
    keys = list(config.Config().sources)
    assert keys[0] == "ofsted:80492" and all(k.startswith("news:") for k in keys[1:])


def test_a_delay_below_a_hundredth_of_a_second_is_refused(tmp_path):
    file = tmp_path / "config.toml"
    file.write_text("[crawl]\ndelay = 0\n")
    with pytest.raises(config.ConfigError, match=r"crawl\.delay"):
        config.load(file)
    file.write_text("[crawl]\ndelay = 0.01\n")
    assert config.load(file).crawl.delay == 0.01


def test_peers_by_region_work_out_of_the_box_and_a_regions_file_overrides(tmp_path):
    file = tmp_path / "config.toml"
    file.write_text('[ofsted]\nsector = true\npeers = "region"\n')
    loaded = config.load(file)
    assert loaded.ofsted.peers == "region" and "ofsted:sector" in loaded.sources
    regions = tmp_path / "regions.csv"
    regions.write_text("urn,name,region\n80492,Croydon,London\n")
    file.write_text(f'[ofsted]\nsector = true\npeers = ["Croydon"]\nregions_file = "{regions}"\n')
    assert config.load(file).ofsted.peers == ["Croydon"]


@pytest.mark.parametrize(
    ("peer", "said"),
    [
        ("Sutten", "peer 'Sutten' is no English authority's name or URN; did you mean 'Sutton'?"),
        ("999999", "peer '999999' is no English authority's name or URN"),
    ],
)
def test_an_unknown_peer_fails_the_config_naming_the_nearest_match(tmp_path, peer, said):
    file = tmp_path / "config.toml"
    file.write_text(f'[ofsted]\nsector = true\npeers = ["Merton", "80520", "{peer}"]\n')
    with pytest.raises(config.ConfigError) as refused:
        config.load(file)
    assert said in str(refused.value)


def test_a_urn_is_ascii_digits_only(tmp_path):
    from config import ConfigError, load

    path = tmp_path / "config.toml"
    path.write_text('[ofsted]\nauthorities = [{ name = "Croydon", urn = "8049²" }]\n')
    with pytest.raises(ConfigError, match="numeric Ofsted URN"):
        load(str(path))


def test_the_default_schedule_looks_every_ten_minutes_by_day_and_hourly_at_night():
    from datetime import UTC, datetime, timedelta

    trigger, times = config.ScheduleConfig().trigger(), list[str]()
    moment = datetime(2026, 12, 4, 5, 30, tzinfo=UTC)  # winter: London is on UTC
    while len(times) < 100:
        moment = trigger.get_next_fire_time(None, moment)
        times.append(f"{moment:%H:%M}")
        moment += timedelta(seconds=1)
    assert times[:4] == ["06:00", "07:00", "07:10", "07:20"]
    assert times[times.index("20:50") :][:4] == ["20:50", "21:00", "22:00", "23:00"]
    assert config.ScheduleConfig().period == timedelta(hours=1)
    assert config.ScheduleConfig(cron="0 12 1 1 *").crons == ["0 12 1 1 *"]


def test_a_relative_sqlite_path_is_read_from_the_config_files_folder(tmp_path, monkeypatch, capsys):
    """status run from a cron job's or an ops shell's folder once reported an empty world."""
    import scheduler
    from storage import Store

    deployed = tmp_path / "srv"
    deployed.mkdir()
    (deployed / "config.toml").write_text('[storage]\nurl = "sqlite:///data/ofsted-watch.db"\n')
    found = config.load(deployed / "config.toml")
    assert found.storage.url == f"sqlite:///{deployed}/data/ofsted-watch.db"
    Store(found.database_url).close()  # as the service made it
    elsewhere = tmp_path / "home"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert scheduler.main(["status", "--config", str(deployed / "config.toml")]) == 0
    assert not (elsewhere / "data").exists()
    assert config.load(None).storage.url == "sqlite:///data/ofsted-watch.db"  # no file: where it runs
    absolute = deployed / "other.toml"
    absolute.write_text('[storage]\nurl = "sqlite:////var/lib/ow/x.db?timeout=5"\n')
    assert config.load(absolute).storage.url == "sqlite:////var/lib/ow/x.db?timeout=5"
    relative = deployed / "query.toml"
    relative.write_text('[storage]\nurl = "sqlite:///x.db?timeout=5"\n')
    assert config.load(relative).storage.url == f"sqlite:///{deployed}/x.db?timeout=5"
