"""A failure's kind is stored beside its words: each source read's in a column, each of a
cycle's errors as {"kind", "detail"}. Health decides by the kind, no longer by words in
the text, so the kinds of what was stored before are read from its words here.

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# The words that said a failure's kind until now, in the order they decide it; a failure
# with none of them is a read that failed. (The product's own words may change later:
# these are the ones stored before this revision.)
LAYOUT = "(has the layout changed?)"
URN = "(has the authority's URN changed?)"
DELIVERY = "alerts: "
KINDS = (
    (LAYOUT, "layout"),
    (URN, "urn"),
    ("failed in the pipelines and were not stored", "items"),
    ("the crawl timed out after", "crawl"),
    ("without a result for this source", "crawl"),
    ("the cycle was interrupted", "cycle"),
    ("the cycle stopped: ", "cycle"),
    ("the process running this cycle ended", "cycle"),
)
HINTS = {"layout": LAYOUT, "urn": URN}
CYCLES = sa.table("cycles", sa.column("id", sa.String), sa.column("errors", sa.JSON))


def _kind(text: str) -> str:
    return next((kind for words, kind in KINDS if words in text), "read")


def _typed(error: str) -> dict[str, str]:
    if error.startswith(DELIVERY):
        return {"kind": "delivery", "detail": error.removeprefix(DELIVERY)}
    return {"kind": _kind(error), "detail": error}


def _said(entry: dict) -> str:
    kind, detail = entry.get("kind"), str(entry.get("detail", ""))
    if kind == "delivery":
        return DELIVERY + detail
    hint = HINTS.get(str(kind))
    return f"{detail} {hint}" if hint and hint not in detail else detail


def _convert(entry: Callable[[object], object]) -> None:
    """Each cycle's errors, each entry as `entry` gives it."""
    bind = op.get_bind()
    for cycle_id, errors in bind.execute(sa.select(CYCLES.c.id, CYCLES.c.errors)).all():
        if errors:
            bind.execute(
                CYCLES.update().where(CYCLES.c.id == cycle_id).values(errors=[entry(e) for e in errors])
            )


def upgrade() -> None:
    with op.batch_alter_table("source_reads") as batch:
        batch.add_column(sa.Column("failure_kind", sa.String(20)))
    for words, kind in KINDS:
        op.execute(
            sa.text(
                "UPDATE source_reads SET failure_kind = :kind "
                "WHERE NOT ok AND failure_kind IS NULL AND error LIKE :words"
            ).bindparams(kind=kind, words=f"%{words}%")
        )
    op.execute("UPDATE source_reads SET failure_kind = 'read' WHERE NOT ok AND failure_kind IS NULL")
    _convert(lambda error: _typed(error) if isinstance(error, str) else error)


def downgrade() -> None:
    _convert(lambda entry: _said(entry) if isinstance(entry, dict) else entry)
    with op.batch_alter_table("source_reads") as batch:
        batch.drop_column("failure_kind")
