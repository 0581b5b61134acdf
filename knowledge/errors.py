"""Domain exceptions. Only the CLI and the web app turn them into user messages."""

from __future__ import annotations


class JianduError(Exception):
    """Base class; `str(err)` is a Chinese message fit to show a user."""


class ConfigError(JianduError):
    """A setting has a bad value."""


class DocumentError(JianduError):
    """A document could not be read or parsed."""


class IndexMissingError(JianduError):
    """No index has been built yet."""


class IndexMismatchError(JianduError):
    """The index was built with another embedder than the one configured."""


class IndexDamagedError(JianduError):
    """The index on disk is unreadable or inconsistent."""


class QuestionError(JianduError):
    """The question is empty, too long or otherwise unusable."""


class UnknownDocsError(QuestionError):
    """A document filter names ids the index does not have; each face adds where to look them up."""


class BusyError(JianduError):
    """Too many requests at once."""


class LockedError(JianduError):
    """Another process is writing the index."""


class QuizError(JianduError):
    """Quiz options or inputs that cannot be honoured; the message says how to fix them."""


class CancelledError(JianduError):
    """An administrator stopped a running ingest; the index in service is unchanged."""


class DiskFullError(JianduError):
    """The disk (or the data dir's quota) is full; nothing half-written is left."""
