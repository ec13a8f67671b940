"""Chinese full-text search: jieba tokens indexed, queried and highlighted the same way on both databases.

What is stored: ``search_text`` holds the text's tokens, space separated,
lower-cased (``segment``). Ingestion fills it with ``document_search_text(doc)``
and ``section_search_text(section)``. Each precise-mode jieba word is stored
with every dictionary word inside it, so 社情民意信息 is also findable as
社情民意, 民意 and 信息, and 提案人 as 提案.

What a query means: the query is cut in precise mode; a row matches when every
query word is one of its tokens, and, for a query of several words, when the
query also stands verbatim in the text (乡村振兴 does not match 乡村 … 振兴).

How it is fast: the token test runs on an index; only the newest matches are ranked.

- PostgreSQL: ``search_vector @@ to_tsquery(...)`` on the stored tsvector and
  its GIN index (migration 0006). The server's parser keeps a run of Chinese
  characters whole, so for a query of Chinese words the vector test is the
  token test itself; other words (covid-19, 2025年) are re-checked below.
- SQLite: FTS5 ``MATCH`` on the external-content tables of migration 0003
  (unicode61 tokenizer over the space-separated tokens; triggers keep it in sync),
  then the portable re-check.

The re-check (whole token in ``' ' || search_text || ' '``) is plain SQL computed
identically on both, so the same data gives the same rows. The snippet is made
in Python from the original text, hence identical too.

How rows are ranked: from the index, never from the text (reading the whole
text of 1,000 matches cost 70–120 ms of a documents search; bench/RESULTS.md).

- PostgreSQL: ``ts_rank_cd(search_vector, to_tsquery('simple', 'w1 | w2 …'), 1)``
  on the stored vector. With ``|`` every occurrence of any query word is a
  cover of its own, so the score is 0.1 × the occurrences of the query words,
  and normalization 1 divides it by log(1 + the row's token count).
- SQLite: ``-bm25(<table>_fts)`` of the FTS5 table: for each word, idf × a
  saturating term frequency damped by the row's length against the average
  (k1 = 1.2, b = 0.75). bm25 must run in the statement that scans the FTS
  table, so the scores of every match come from one materialized scan
  (``WITH … AS MATERIALIZED``), looked up by id.
- Ties (equal score) go to the newest row (highest id) on both.

Both scores grow with the occurrences of a word and shrink with the row's
length, so for a one-word query (most queries) the two orders agree whenever
one row has at least as many occurrences as another and is no longer: rows
told apart by how often they mention the word, or equal mentions in rows of
different length, come out the same (tests/api/test_search.py pins such a
corpus and runs on both databases). They may differ:

1. one word, a row with more occurrences that is also longer: each formula
   trades occurrences against length by its own curve (bm25's term frequency
   saturates and its length penalty is linear, ts_rank_cd's count is linear
   and its penalty logarithmic), so a long row full of a frequent word (委员
   in whole reports) sits higher on PostgreSQL;
2. several words: bm25 weights each word by its rarity (a word in more than
   half the rows counts almost nothing), ts_rank_cd counts them alike;
3. lengths are counted by each database's tokenizer (PostgreSQL's parser
   splits some mixed tokens such as 2025年 differently from FTS5's unicode61),
   and a stored vector keeps at most 255 positions per word and none past
   the 16,383rd token, so very long rows score as if shorter and saturated;
4. ts_rank_cd is a 4-byte float, so two nearly equal bm25 scores may tie on
   PostgreSQL and fall back to the id there.

This is acceptable because a rank only orders the ≤1,000 rows a search
returns, which are the same rows on both (the match is exact); cases 1–4 move
rows of similar relevance past each other, never a row into or out of the
result. Exports and the count do not depend on it.

Ranking every match cannot be fast when a word is in most of the archive (提案
is in 80% of 190k documents). So a search ranks the ``RANKED_MATCHES`` newest
matches (highest ids, an index scan that stops there) and says when there were
more; filters (county, year, kind) narrow the matches before that cut. Exports
take every match. A ranked search also carries ``search_total``, the number of
those matches as a window count over the same scan, so a page and its count
are one query (reports/api/pagination.py).
"""
import functools
import logging
import re

import jieba
from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Q, TextField, Value, Window
from django.db.models.expressions import Expression, RawSQL
from django.db.models.functions import Concat
from django.utils.html import escape

_WORD = re.compile(r"\w", re.UNICODE)
# Terms of the genre jieba would otherwise split or miss, so phrases are found whole.
CPPCC_TERMS = (
    "社情民意", "社情民意信息", "政协委员", "常务委员会", "常委会", "乡村振兴", "重点提案", "提案办理", "民主监督", "协商议政",
    "专题协商", "委员之家", "有事来商量", "高质量发展", "全过程人民民主", "书香政协", "调研视察", "主席会议", "全体会议",
    "界别", "双月协商", "营商环境", "民生实事",
)


@functools.lru_cache(maxsize=1)
def segmenter() -> jieba.Tokenizer:
    """jieba's tokenizer with its dictionary and the genre's terms, loaded on first use, once per process.

    Loading takes about a second and 60 MiB, so commands that never segment
    (check, migrate, help) do not pay it; servers call it before forking
    (``reports.preload``) so workers share it.
    """
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.dt
    tokenizer.initialize()
    for term in CPPCC_TERMS:
        tokenizer.add_word(term)  # frequency suggested by jieba so the term is cut whole
    return tokenizer

QUERY_HELP = (
    "Chinese full-text search (jieba-segmented, indexed): every word of the query must occur, and a query of "
    "several words must stand verbatim in the text. Ranked by how often the words occur against the text's length "
    "(the newest 1,000 matches; "
    "`truncated` says when there were more) unless `ordering` is given; each result carries a `snippet` with the "
    "matches in <mark>."
)
MAX_QUERY_WORDS = 12  # a pasted paragraph is not a query; keeps the SQL bounded
RANKED_MATCHES = 1000  # newest matches ranked per search (module docstring)


_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


def _subwords(word: str) -> list[str]:
    """``word``, every dictionary word of 3+ characters inside it, and (for Chinese) every 2-character piece.

    The 2-character pieces make any 2-character query findable inside a longer
    word (社情 in 社情民意信息) whatever the dictionary says.
    """
    found = [word]
    if len(word) > 2:
        freq = segmenter().FREQ
        han = bool(_HAN.match(word))
        for size in range(len(word) - 1, 1, -1):
            for start in range(len(word) - size + 1):
                piece = word[start : start + size]
                if freq.get(piece) or (size == 2 and han):
                    found.append(piece)
    return found


def tokens(text: str) -> list[str]:
    """Index tokens of ``text``: each precise-mode word with its dictionary sub-words, lower-cased."""
    out = []
    for word in segmenter().cut(text or ""):
        if _WORD.search(word):
            out.extend(w.lower() for w in _subwords(word.strip()))
    return out


def segment(text: str) -> str:
    """Tokens of ``text`` for the index, space separated."""
    return " ".join(tokens(text))


def document_search_text(document) -> str:
    """What ingestion stores in ``Document.search_text``: title and the whole raw text."""
    return segment(f"{document.title}\n{document.raw_text}")


def section_search_text(section) -> str:
    """What ingestion stores in ``Section.search_text``: label, heading and body."""
    return segment(f"{section.label} {section.heading}\n{section.body}")


def query_tokens(query: str) -> list[str]:
    """The words a query needs, each of which must be a token of the row (precise mode, deduplicated)."""
    words = [tok.strip().lower() for tok in segmenter().cut((query or "").strip()) if _WORD.search(tok)]
    return list(dict.fromkeys(words))[:MAX_QUERY_WORDS]


def search(queryset, query: str, phrase_fields: tuple[str, ...], *, limit: int | None = RANKED_MATCHES):
    """``queryset`` narrowed to rows matching ``query``, annotated with ``search_rank`` (higher first).

    With ``limit``, only the ``limit`` newest matches (highest primary keys) are
    returned and ranked, each also annotated with ``search_total`` (how many
    there are, a window count); ``None`` returns every match (exports).
    """
    words = query_tokens(query)
    if not words:  # punctuation only: nothing to look for
        nothing = queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
        return nothing if limit is None else nothing.annotate(search_total=Value(0))
    matches = queryset
    recheck = words
    if connection.vendor == "postgresql":
        tsquery = " & ".join(_quote_ts(w) for w in words)
        matches = matches.filter(_VectorMatch(tsquery))
        recheck = [w for w in words if not _HAN.match(w)]  # the vector test is exact for Chinese words
    elif connection.vendor == "sqlite":
        table = queryset.model._meta.db_table
        match = " AND ".join(_quote_fts(w) for w in words)
        matches = matches.filter(pk__in=RawSQL(f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [match]))
    # Portable re-check: the definition of a match, whatever the index answered.
    if recheck:
        matches = matches.annotate(_padded=_padded())
        for word in recheck:
            matches = matches.filter(_padded__contains=f" {word} ")
    if len(words) > 1:
        compact = re.sub(r"\s+", "", query)
        phrase = Q()
        for name in phrase_fields:
            phrase |= Q(**{f"{name}__icontains": compact})
        matches = matches.filter(phrase)
    if limit is not None:
        newest = matches.order_by("-pk").values("pk")[:limit]
        among = _AnyOf(newest) if connection.vendor == "postgresql" else Q(pk__in=newest)
        matches = queryset.filter(among).annotate(search_total=Window(Count("pk")))
    return matches.annotate(search_rank=_Rank(words))


def _alias(compiler) -> str:
    """The quoted alias of the compiled query's own table (U0 inside a subquery)."""
    return compiler.quote_name_unless_alias(compiler.query.get_initial_alias())


class _VectorMatch(Expression):
    """``<table>.search_vector @@ to_tsquery('simple', …)`` for the queryset's own table.

    Not RawSQL: in a subquery the table is aliased (U0), and a raw
    ``reports_document.search_vector`` would silently refer to the outer row.
    """

    output_field = BooleanField()

    def __init__(self, tsquery):
        super().__init__()
        self.tsquery = tsquery

    def as_sql(self, compiler, connection):
        alias = _alias(compiler)
        return f"{alias}.search_vector @@ to_tsquery('simple', %s)", [self.tsquery]


class _AnyOf(Expression):
    """``<table>.<pk> = ANY(ARRAY(<the newest matches' ids>))`` (PostgreSQL).

    ``pk IN (subquery)`` is planned as a join against the 1,000 ids (a hash or
    a sort of them, and a semi-join); an array built once by the subquery is an
    index lookup per id, about half the time of the whole search at national
    size (bench/RESULTS.md, "Search ranked from the index").
    """

    output_field = BooleanField()

    def __init__(self, subquery):
        super().__init__()
        self.subquery = subquery

    def as_sql(self, compiler, connection):
        alias = _alias(compiler)
        pk = connection.ops.quote_name(compiler.query.model._meta.pk.column)
        inner, params = self.subquery.query.get_compiler(connection=connection).as_sql()
        return f"{alias}.{pk} = ANY(ARRAY({inner}))", params


class _Rank(Expression):
    """The row's score for the query's words from the index (module docstring): ts_rank_cd or -bm25."""

    output_field = FloatField()

    def __init__(self, words):
        super().__init__()
        self.words = words

    def as_postgresql(self, compiler, connection):
        alias = _alias(compiler)
        tsquery = " | ".join(_quote_ts(w) for w in self.words)
        # float8: the value a cursor carries back must compare equal to the row's (a float4 read as text does not).
        return f"ts_rank_cd({alias}.search_vector, to_tsquery('simple', %s), 1)::float8", [tsquery]

    def as_sqlite(self, compiler, connection):
        alias = _alias(compiler)
        meta = compiler.query.model._meta
        fts, pk = f"{meta.db_table}_fts", connection.ops.quote_name(meta.pk.column)
        match = " AND ".join(_quote_fts(w) for w in self.words)  # the rows that match; bm25 scores each word anyway
        # Materialized: one scan scores every match (bm25 needs the FTS cursor), then a lookup per row.
        return (
            f"(WITH scores(id, score) AS MATERIALIZED (SELECT rowid, -bm25({fts}) FROM {fts} WHERE {fts} MATCH %s) "
            f"SELECT score FROM scores WHERE scores.id = {alias}.{pk})"
        ), [match]

    def as_sql(self, compiler, connection):
        raise NotImplementedError(f"search ranking has no formula for {connection.vendor}")


def _padded():
    # Tokens as whole words: ' 提案 ' cannot match inside ' 提案人 '.
    return Concat(Value(" "), F("search_text"), Value(" "), output_field=TextField())


def _quote_ts(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _quote_fts(word: str) -> str:
    # A double-quoted FTS5 string is taken literally (no operators, no column filters).
    return '"' + word.replace('"', '""') + '"'


def snippet(text: str, query: str, width: int = 40) -> str:
    """An HTML snippet of ``text`` around the first match, the matched words in <mark>."""
    if not text:
        return ""
    compact = re.sub(r"\s+", "", query or "")
    words = sorted({compact, *query_tokens(query)}, key=len, reverse=True)
    words = [w for w in words if w]
    lowered = text.lower()
    hits = [pos for pos in (lowered.find(w.lower()) for w in words) if pos >= 0]
    if not hits:
        return escape(text[: width * 2])
    first = min(hits)
    start, end = max(first - width, 0), min(first + width, len(text))
    piece = escape(text[start:end])
    # Longest first, so 乡村振兴 is marked whole rather than as 乡村 + 振兴.
    pattern = re.compile("|".join(re.escape(escape(w)) for w in words), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"<mark>{m.group()}</mark>", piece)
    return ("…" if start else "") + marked + ("…" if end < len(text) else "")


def reindex(batch_size: int = 1000) -> tuple[int, int]:
    """Recompute every document's and section's ``search_text`` (after the dictionary or ``segment`` changes).

    Returns (documents, sections) updated. The FTS5 triggers (SQLite) and the
    expression index (PostgreSQL) follow the column by themselves.
    """
    from django.db import transaction

    from reports.models import Document, Section

    counts = []
    for model, text_of, fields in (
        (Document, document_search_text, ("title", "raw_text")),
        (Section, section_search_text, ("label", "heading", "body")),
    ):
        changed = 0
        with transaction.atomic():
            rows = []
            for row in model.objects.only("pk", "search_text", *fields).iterator(chunk_size=batch_size):
                new = text_of(row)
                if new != row.search_text:
                    row.search_text = new
                    rows.append(row)
                if len(rows) >= batch_size:
                    model.objects.bulk_update(rows, ["search_text"])
                    changed += len(rows)
                    rows = []
            model.objects.bulk_update(rows, ["search_text"])
            changed += len(rows)
        counts.append(changed)
    return tuple(counts)
