"""What reading one publication's document gave, as the pipeline hands it to the store."""

from __future__ import annotations

from dataclasses import dataclass

from vocabulary import ReadStatus


@dataclass(frozen=True)
class Reading:
    status: ReadStatus
    facts: dict | None = None
    summary: dict | None = None
    error: str | None = None  # why it failed or was skipped, in words for people
    text: str | None = None  # the document's cleaned text, for search
    fingerprint: str | None = None  # SHA-256 of the document's bytes
    validators: tuple[str | None, str | None] | None = None  # its ETag and Last-Modified
    replaces: bool = False  # it differs from the document read before at the same link

    @classmethod
    def done(cls, facts: dict, summary: dict, text: str | None = None, **download) -> Reading:
        """`download`: what the download said of the document (fingerprint, validators,
        replaces)."""
        return cls(ReadStatus.DONE, facts=facts, summary=summary, text=text, **download)

    @classmethod
    def failed(cls, error: str) -> Reading:
        return cls(ReadStatus.FAILED, error=error)

    @classmethod
    def skipped(cls, error: str) -> Reading:
        return cls(ReadStatus.SKIPPED, error=error)
