"""A cycle's inputs, decided once as the cycle begins: what its crawl is told (the
crawl's only input besides its config file), and what its health check and delivery go by.

The cycle hands it to the crawl child as one line of JSON; the crawl keeps it in the
setting WATCH_CONTEXT, where the spiders and pipelines read it. `scrapy crawl` builds
one of its own (see watch_config).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

import config


@dataclass(frozen=True)
class CycleContext:
    cycle: str  # the cycle's id, which every read and publication it records carries
    config: str | None  # the config file's absolute path; None: the built-in defaults
    store: str  # the store's URL, as the cycle opened it (a dry run's scratch copy, say)
    folder: str  # the folder the command runs in, which relative paths start from
    paused: frozenset[str] = field(default_factory=frozenset)  # sources ops have paused
    alert_existing: bool = False  # a source's first read alerts what it lists
    dry_run: bool = False  # on a scratch copy of the store (`store`), and nothing is posted
    backfill: bool = False  # a sector backfill: every listed authority's page never read
    sector: bool = True  # False: a sector backfill under way reads the sector meanwhile
    verbose: bool = False

    @classmethod
    def begun(
        cls, config_path: str | None, store: str, paused: Iterable[str], *, prefix: str = "", **options
    ) -> CycleContext:
        """A new cycle's context, here and now: a new id (after `prefix`), the config file
        that `config.load(config_path)` reads, this folder, and `options`."""
        file = config.locate(config_path)
        return cls(
            cycle=prefix + uuid.uuid4().hex[:12],
            config=str(file.resolve()) if file else None,
            store=store,
            folder=os.getcwd(),
            paused=frozenset(paused),
            **options,
        )

    def to_json(self) -> str:
        """One line of JSON."""
        return json.dumps(asdict(self) | {"paused": sorted(self.paused)})

    @classmethod
    def from_json(cls, text: str) -> CycleContext:
        """The context a line of JSON gives; ValueError or TypeError when it is no context."""
        values = json.loads(text)
        if not isinstance(values, dict):
            raise ValueError("a crawl context is a JSON object")
        return cls(**values | {"paused": frozenset(values.get("paused", ()))})
