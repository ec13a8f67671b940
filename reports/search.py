"""Chinese full-text search: jieba segmentation of the text that is indexed and queried.

Ingestion stores each document's and section's text as jieba search-mode tokens,
space separated (``search_text``). A query is segmented the same way and every
token must be present; a phrase must also appear verbatim, so 乡村振兴 does not
match a text that only says 乡村 … 振兴.

- PostgreSQL: ``to_tsvector('simple', search_text)`` with a GIN index
  (migration 0002); a 2-character word costs ~15 ms on 100k sections.
- SQLite: the same tokens matched as whole words in ``' ' || search_text || ' '``.

Both answer the same rows for the same data, ordered by the same rank (how
often the tokens occur), so front-ends see one behaviour whatever the database.
"""
import logging
import re

import jieba
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, IntegerField, Q, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length, Replace
from django.utils.html import escape

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)
# Terms of the genre jieba would otherwise split, so phrases are found whole.
CPPCC_TERMS = (
    "社情民意", "社情民意信息", "政协委员", "常务委员会", "常委会", "乡村振兴", "重点提案", "提案办理", "民主监督", "协商议政",
    "专题协商", "委员之家", "有事来商量", "高质量发展", "全过程人民民主", "书香政协", "调研视察", "主席会议", "全体会议",
)
for _term in CPPCC_TERMS:
    jieba.add_word(_term)


def tokens(text: str) -> list[str]:
    """jieba search-mode tokens of ``text``, lower-cased, words only."""
    return [tok.lower() for tok in jieba.cut_for_search(text or "") if _WORD.search(tok)]


def segment(text: str) -> str:
    """Tokens of ``text`` for the index, space separated (jieba search mode)."""
    return " ".join(tokens(text))


def query_tokens(query: str) -> list[str]:
    """The tokens a query needs: precise-mode words, each present in the index."""
    words = [tok.lower() for tok in jieba.cut(query.strip()) if _WORD.search(tok)]
    return list(dict.fromkeys(words))


def search(queryset, query: str, phrase_fields: tuple[str, ...]):
    """``queryset`` narrowed to rows matching ``query``, annotated with ``search_rank``."""
    words = query_tokens(query)
    if not words:
        return queryset.none()
    table = queryset.model._meta.db_table
    if connection.vendor == "postgresql":
        tsquery = " & ".join(_ts_quote(w) for w in words)
        queryset = queryset.filter(
            RawSQL(f"to_tsvector('simple', {table}.search_text) @@ to_tsquery('simple', %s)", [tsquery], output_field=BooleanField())
        )
    else:
        queryset = queryset.annotate(_padded=_padded())
        for word in words:
            queryset = queryset.filter(_padded__contains=f" {word} ")
    # Spaces matter only between tokens: a phrase must stand in the text as typed.
    compact = re.sub(r"\s+", "", query)
    if len(words) > 1:
        phrase = Q()
        for name in phrase_fields:
            phrase |= Q(**{f"{name}__contains": compact})
        queryset = queryset.filter(phrase)
    return queryset.annotate(search_rank=_rank(words))


def _rank(words):
    """Occurrences of the query's tokens in the search text: same arithmetic on both databases."""
    total = Value(0, output_field=IntegerField())
    padded = _padded()
    for word in words:
        needle = f" {word} "
        total = total + ExpressionWrapper(
            (Length(padded) - Length(Replace(padded, Value(needle), Value("")))) / len(needle), output_field=IntegerField()
        )
    return total


def _padded():
    # Tokens as whole words: ' 提案 ' cannot match inside ' 提案人 '.
    return Concat(Value(" "), F("search_text"), Value(" "), output_field=TextField())


def _ts_quote(word: str) -> str:
    return "'" + word.replace("'", "''").replace("\\", "") + "'"


def snippet(text: str, query: str, width: int = 40) -> str:
    """An HTML snippet of ``text`` around the first match, the matched words in <mark>."""
    if not text:
        return ""
    compact = re.sub(r"\s+", "", query)
    words = sorted({compact, *query_tokens(query)}, key=len, reverse=True)
    lowered = text.lower()
    hits = [(lowered.find(w.lower()), w) for w in words if w and lowered.find(w.lower()) >= 0]
    if not hits:
        return escape(text[: width * 2])
    first = min(hit for hit, _ in hits)
    start, end = max(first - width, 0), min(first + width, len(text))
    piece = escape(text[start:end])
    pattern = re.compile("|".join(re.escape(escape(w)) for w in words if w), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"<mark>{m.group()}</mark>", piece)
    return ("…" if start else "") + marked + ("…" if end < len(text) else "")
