"""History kept for a set time: running totals that outlive pruned cycles, filled from
the history already stored, and the indexes that let probes and the sector's due check
answer without reading whole tables.

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

INDEXES = [
    ("ix_cycles_finished_at", "cycles", ["finished_at"]),
    ("ix_cycles_status", "cycles", ["status"]),
    # What Sector.due asks every cycle: the authorities with a document still to read.
    ("ix_publications_read_status", "publications", ["read_status", "urn"]),
]
# A cycle still running is counted when it ends, with its reads.
ENDED_READS = (
    "NOT EXISTS (SELECT 1 FROM cycles WHERE cycles.id = source_reads.cycle_id AND status = 'running')"
)


def upgrade() -> None:
    op.create_table(
        "totals",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.execute(
        "INSERT INTO totals (name, key, value) SELECT 'cycles', status, count(*) FROM cycles "
        "WHERE status != 'running' GROUP BY status"
    )
    op.execute(
        "INSERT INTO totals (name, key, value) SELECT 'source_failures', source, count(*) "
        f"FROM source_reads WHERE NOT ok AND {ENDED_READS} GROUP BY source"
    )
    op.execute(
        "INSERT INTO totals (name, key, value) SELECT 'new_publications', '', coalesce(sum(new), 0) "
        f"FROM source_reads WHERE {ENDED_READS}"
    )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
    op.drop_table("totals")
