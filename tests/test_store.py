"""The store on SQLite and on PostgreSQL: new, changed, known, and the alert outbox."""

from datetime import date, timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text, update
from sqlalchemy.exc import IntegrityError

from errors import Failure
from storage import Change, Store
from storage.cycles import Cycles
from storage.lock import LockName
from storage.metrics import Metrics
from storage.models import Alert, Cycle
from storage.outbox import Outbox
from storage.publications import Publications, Sighting, Triage
from storage.reading import Reading
from storage.sources import Sources
from storage.store import MIGRATIONS, SCHEMA_VERSION, utcnow
from tests.conftest import emptied, record
from vocabulary import FailureKind


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/store.db"
    else:
        url = request.getfixturevalue("postgres_url")
    s = emptied(Store(url))
    yield s
    s.close()


def publication(**changes):
    fields = dict(
        id="50265318",
        source="ofsted:80492",
        authority="Croydon",
        urn="80492",
        type="ilacs",
        title="Children's services inspection",
        url="https://files.ofsted.gov.uk/v1/file/50265318",
        published=date(2024, 12, 3),
        event_date=date(2024, 10, 14),
        page_url="https://reports.ofsted.gov.uk/x",
    )
    return fields | changes


READ = Reading.done({"period_start": "2024-10-14"}, {"headline": "H."})


def test_new_then_known_then_changed(store):
    assert record(store, publication(), alert=True, reading=READ) is Change.NEW
    assert record(store, publication(), alert=True) is Change.KNOWN
    assert record(store, publication(title="Corrected title"), alert=True) is Change.CHANGED
    assert record(store, publication(published=None, title="Corrected title"), alert=True) is Change.CHANGED
    queued = Outbox(store).deliverable()
    assert [a.kind for a, _ in queued] == ["new", "changed", "changed"]
    assert Publications(store).all()[0].title == "Corrected title"


def test_first_seen_survives_later_sightings(store):
    record(store, publication(), alert=False)
    first = Publications(store).all()[0].first_seen
    record(store, publication(title="Changed"), alert=False)
    assert Publications(store).all()[0].first_seen == first


def test_baseline_records_without_queuing(store):
    assert record(store, publication(), alert=False) is Change.NEW
    assert Outbox(store).deliverable() == []


def test_a_failed_insert_leaves_neither_publication_nor_alert(store):
    with pytest.raises(IntegrityError):
        record(store, publication(type=None), alert=True)  # NOT NULL violated
    assert Publications(store).all() == [] and Outbox(store).deliverable() == []


def test_a_page_is_stored_in_one_transaction_all_or_nothing(store):
    page = [
        Sighting(publication(id="1"), alert=True, reading=READ),
        Sighting(publication(id="2"), alert=True),
        Sighting(publication(id="2", title="Listed twice"), alert=True),  # the second updates it
    ]
    assert Publications(store).record(page) == [Change.NEW, Change.NEW, Change.CHANGED]
    assert {p.id: p.title for p in Publications(store).all()}["2"] == "Listed twice"
    assert sorted(a.kind for a, _ in Outbox(store).deliverable()) == ["new"]  # "2" waits to be read
    with pytest.raises(IntegrityError):
        Publications(store).record(
            [Sighting(publication(id="3"), alert=True), *page[:1]]
            + [Sighting(publication(id="4", type=None), alert=True)]
        )
    assert {p.id for p in Publications(store).all()} == {"1", "2"}


def test_steps_inside_one_session_commit_or_roll_back_together(store):
    record(store, publication(id="1"), alert=False, reading=READ)
    with pytest.raises(IntegrityError), store.session():
        Publications(store).seen(["1"])  # joins the open session: nothing is committed yet
        Publications(store).record([Sighting(publication(id="2", type=None), alert=True)])
    ((kept,),) = [Publications(store).all()]
    assert kept.last_seen == kept.first_seen  # the sighting was rolled back with the page
    with store.session():
        Publications(store).seen(["1"])
        Publications(store).record([Sighting(publication(id="2"), alert=True)])
    assert {p.id for p in Publications(store).all()} == {"1", "2"}
    assert Publications(store).get("1").last_seen > kept.last_seen


def test_delivered_alerts_leave_the_queue_with_their_message_id(store):
    record(store, publication(), alert=True, reading=READ)
    ((alert, _),) = Outbox(store).deliverable()
    Outbox(store).mark_delivered(Alert, alert.id, "C123", "1700000000.000100")
    assert Outbox(store).deliverable() == []


def test_sources_are_baselined_by_their_first_good_read_only(store):
    Sources(store).record_read("c1", "ofsted:1", "A", ok=False, failure=Failure(FailureKind.READ, "HTTP 500"))
    assert not Sources(store).is_baselined("ofsted:1")
    Sources(store).record_read("c2", "ofsted:1", "A", ok=True, seen=3)
    assert Sources(store).is_baselined("ofsted:1")
    assert [r.ok for r in Sources(store).reads("c1")] == [False]


def test_migrations_are_versioned_and_rerunnable(store):
    store.migrate()  # a second run is a no-op
    with store.engine.connect() as conn:
        current = conn.execute(text("select version_num from alembic_version")).scalar()
    assert current == ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert {"publications", "alerts", "sources", "cycles", "source_reads"} <= set(
        inspect(store.engine).get_table_names()
    )


def test_publications_are_listed_newest_first_undated_last(store):
    record(store, publication(id="1", published=date(2019, 3, 14)), alert=False)
    record(store, publication(id="2", published=None), alert=False)
    record(store, publication(id="3", published=date(2024, 12, 3)), alert=False)
    assert [p.id for p in Publications(store).all()] == ["3", "1", "2"]
    assert [p.id for p in Publications(store).all(since=date(2020, 1, 1))] == ["3"]


def test_an_alert_waits_for_its_reading_then_goes_without_summary_after_the_limit(store):
    failed = Reading.failed("the document could not be downloaded completely (its end is missing)")
    record(store, publication(), alert=True, reading=failed, max_read_attempts=3)
    assert Outbox(store).deliverable() == []  # held back: the next cycle tries again
    assert Publications(store).triage([publication()]).to_read == {"50265318"}
    record(store, publication(), alert=True, reading=failed, max_read_attempts=3)
    record(store, publication(), alert=True, reading=failed, max_read_attempts=3)
    ((_, pub),) = Outbox(store).deliverable()
    assert pub is not None and pub.read_error is not None
    assert (pub.read_status, pub.read_attempts) == ("gave-up", 3)
    assert "completely" in pub.read_error and pub.summary is None
    assert Publications(store).triage([publication()]) == Triage(
        settled=frozenset({"50265318"}), to_read=frozenset(), known=frozenset({"50265318"})
    )


def test_a_read_publication_keeps_its_facts_and_is_not_read_again(store):
    record(store, publication(), alert=False, reading=READ)
    assert not Publications(store).triage([publication()]).to_read
    moved = Publications(store).triage([publication(url="https://files.ofsted.gov.uk/v1/file/99")])
    assert moved == Triage(
        settled=frozenset(), to_read=frozenset({"50265318"}), known=frozenset({"50265318"})
    )
    # news, not a new read
    assert Publications(store).triage([publication(title="Retitled")]).to_read == set()
    stored = Publications(store).all()[0]
    assert stored.facts == READ.facts and stored.summary == READ.summary


def test_the_schema_version_is_the_newest_migration():
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_VERSION


def test_a_postgres_url_as_hosts_print_it_is_postgresql(postgres_url):
    """Many hosts and tools print postgres://, which SQLAlchemy alone refuses."""
    from config import StorageConfig

    url = postgres_url.replace("postgresql://", "postgres://", 1)
    assert StorageConfig(url=url).url == url
    store = Store(url)
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.lock(LockName.CYCLE).acquire(wait=False)
    finally:
        store.close()


LITERAL = {"literal_binds": True}


def _cycle(store, cycle_id: str, *, status="ok", days_ago=0, failed=False, new=0):
    """A cycle that read Croydon, ended as `status`, started `days_ago`."""
    Cycles(store).start(cycle_id)
    failure = Failure(FailureKind.READ, "HTTP 500") if failed else None
    Sources(store).record_read(cycle_id, "ofsted:80492", "Croydon", ok=not failed, new=new, failure=failure)
    Cycles(store).finish(cycle_id, status=status, counts={}, errors=[])
    started = utcnow() - timedelta(days=days_ago)
    with store.session() as s:
        s.execute(update(Cycle).where(Cycle.id == cycle_id).values(started_at=started, finished_at=started))


def test_old_history_is_pruned_and_every_total_stays_as_it_was(store):
    record(store, publication(), alert=True)
    _cycle(store, "old-ok", days_ago=200, new=1)
    _cycle(store, "old-failed", status="failed", days_ago=150, failed=True)
    _cycle(store, "recent", days_ago=120, failed=True)
    _cycle(store, "latest", status="failed", days_ago=100, failed=True)
    _cycle(store, "cut-short", status="interrupted", days_ago=99)
    Cycles(store).start("running")  # never pruned, and shown as running meanwhile
    before = Metrics(store).statistics()
    assert before["cycles"] == {"ok": 2, "failed": 2, "interrupted": 1, "running": 1}
    assert before["source_failures"] == {"ofsted:80492": 3} and before["new_publications"] == 1

    # The last to end, the last to run its course and the last successful stay, however old.
    assert Cycles(store).prune(90) == 2
    assert [c.id for c in Cycles(store).recent()] == ["running", "cut-short", "latest", "recent"]
    assert [r.source for r in Sources(store).reads("old-failed")] == []
    assert Metrics(store).statistics() == before
    assert [p.id for p in Publications(store).all()] == ["50265318"]
    assert Outbox(store).counts()["queued"] == 1


def test_a_cycle_recorded_twice_or_found_dead_is_counted_once(store):
    Cycles(store).start("dead")
    Cycles(store).start("next")  # finds "dead" still running: interrupted, and counted so
    Cycles(store).finish("next", status="ok", counts={}, errors=[])
    Cycles(store).finish("next", status="ok", counts={}, errors=[])
    assert Metrics(store).statistics()["cycles"] == {"interrupted": 1, "ok": 1}


def test_the_sectors_due_check_reads_the_read_status_from_its_index(sqlite_store):
    from storage.sector import unsettled_urns

    with sqlite_store.engine.connect() as conn:
        query = unsettled_urns().compile(compile_kwargs=LITERAL)
        plan = " ".join(str(row[-1]) for row in conn.execute(text(f"EXPLAIN QUERY PLAN {query}")))
    assert "ix_publications_read_status" in plan


def test_a_home_cycle_leaves_a_backfill_running_unless_its_lock_was_found_free(store):
    Cycles(store).start("backfill-1")
    Cycles(store).start("home-1")  # beside it: each kind has its own lock
    backfill, home = Cycles(store).running(backfill=True), Cycles(store).running()
    assert backfill is not None and home is not None
    assert backfill.id == "backfill-1" and home.id == "home-1"
    Cycles(store).finish("home-1", status="ok", counts={}, errors=[])
    Cycles(store).start("home-2", backfill_gone=True)  # the backfill's process died
    assert Cycles(store).running(backfill=True) is None
    assert Metrics(store).statistics()["cycles"] == {"ok": 1, "interrupted": 1, "running": 1}
