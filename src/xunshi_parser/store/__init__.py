"""A dataset across bulletins: a SQLite store with Chinese full-text search.

``build(database, files)`` creates or updates the store; ``search(database, query)`` finds
findings and headlines. The parsing modules never import this package. See docs/dataset.md.
"""

from __future__ import annotations

from xunshi_parser.store.builder import OUTCOMES, Loaded, Store, build, load
from xunshi_parser.store.keys import canonical, content_key, place_of, unit_key
from xunshi_parser.store.schema import (
    SCHEMA_VERSION,
    StoreError,
    check_trigram,
    connect,
    has_trigram,
)
from xunshi_parser.store.search import Match, search

__all__ = [
    "OUTCOMES",
    "SCHEMA_VERSION",
    "Loaded",
    "Match",
    "Store",
    "StoreError",
    "build",
    "canonical",
    "check_trigram",
    "connect",
    "content_key",
    "has_trigram",
    "load",
    "place_of",
    "search",
    "unit_key",
]
