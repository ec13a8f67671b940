"""Chinese full-text search: jieba segmentation of the text that is indexed and queried.

Both databases index the same space-separated tokens (PostgreSQL: a 'simple'
tsvector with a GIN index; SQLite: FTS5 unicode61), so they find the same rows.
"""
import logging
import re

import jieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)


def segment(text: str) -> str:
    """Tokens of ``text`` for the index, space separated (jieba search mode)."""
    if not text:
        return ""
    return " ".join(tok for tok in jieba.cut_for_search(text) if _WORD.search(tok))
