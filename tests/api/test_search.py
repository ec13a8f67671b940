"""Chinese full-text search on documents and sections: words, phrases, mixed tokens, ranking, snippets.

"Found" is checked against the definition a user has in mind: every row whose
text contains the query (what ``LIKE '%…%'`` would answer), computed here in Python.
"""
import pytest
from django.db import connection

from reports import search
from reports.models import Document, Section

from .helpers import API, STAMP_QUERY, results

pytestmark = pytest.mark.django_db


def doc_text(d):
    return f"{d.title}\n{d.raw_text}"


def section_text(s):
    return f"{s.label} {s.heading}\n{s.body}"


@pytest.mark.parametrize("query", ["提案", "乡村振兴", "社情民意信息", "社情民意", "政协委员", "常务委员会", "AED", "aed", "立案188件", "社情"])
def test_documents_found_exactly_the_rows_containing_the_query(archive, client, query):
    rows = results(client.get(f"{API}/documents/", {"q": query, "page_size": 100}))
    expected = {d.pk for d in Document.objects.all() if query.lower() in doc_text(d).lower()}
    assert expected, "the archive should contain the query"
    assert {r["id"] for r in rows} == expected
    for r in rows:
        assert "<mark>" in r["snippet"]
        assert query.lower() in r["snippet"].replace("<mark>", "").replace("</mark>", "").lower()


@pytest.mark.parametrize("query", ["提案", "乡村振兴", "社情民意信息", "AED", "旗帜鲜明讲政治"])
def test_sections_found_exactly_the_rows_containing_the_query(archive, client, query):
    rows = results(client.get(f"{API}/sections/", {"q": query, "page_size": 100}))
    expected = {s.pk for s in Section.objects.all() if query.lower() in section_text(s).lower()}
    assert expected and {r["id"] for r in rows} == expected


RANKED = [  # (heading, occurrences of the word, other tokens): each row beats the next on both scores
    ("八次短", 8, 4),
    ("三次短", 3, 9),
    ("三次长", 3, 27),
    ("一次长", 1, 29),
    ("一次更长甲", 1, 39),  # the same text twice: the newer first
    ("一次更长乙", 1, 39),
]


def _ranked_corpus(word):
    """Sections that mention ``word`` told apart by occurrences and length only (reports/search.py, ranking)."""
    doc = Document.objects.first()
    start = doc.sections.count()
    for i, (heading, times, filler) in enumerate(RANKED):
        text = " ".join([word] * times + ["其他"] * filler)
        Section.objects.create(document=doc, position=start + i, level=1, heading=heading, search_text=text)
    return [heading for heading, _, _ in RANKED[:-2]] + ["一次更长乙", "一次更长甲"]


def test_ranked_by_occurrences_and_length_in_the_same_order_on_every_database(archive, client):
    """ts_rank_cd (PostgreSQL) and bm25 (SQLite) agree where one row has as many mentions and is no longer."""
    [word] = search.query_tokens("鲲鹏")
    assert not Section.objects.filter(search_text__contains=word).exists()
    expected = _ranked_corpus(word)
    page = client.get(f"{API}/sections/", {"q": "鲲鹏"}).json()
    assert [r["heading"] for r in page["results"]] == expected
    assert page["count"] == len(expected) and page["truncated"] is False
    # Page by page (the cursor holds the score): the same order, every page counting every match.
    page, seen = client.get(f"{API}/sections/", {"q": "鲲鹏", "page_size": 4}).json(), []
    while True:
        assert page["count"] == len(expected)
        seen += [r["heading"] for r in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert seen == expected


def test_ranked_from_the_index_not_the_text(archive, client):
    """The rank reads the stored vector (PostgreSQL) or the FTS5 table (SQLite), never search_text."""
    sql = str(search.search(Section.objects.all(), "鲲鹏", ("body",)).query)
    rank = sql.split(' AS "search_total", ')[1].split(' AS "search_rank"')[0]
    assert "search_text" not in rank
    assert ("ts_rank_cd(" in rank) if connection.vendor == "postgresql" else ("bm25(" in rank)


def test_a_search_page_and_its_count_are_one_query(archive, client):
    from django.test.utils import CaptureQueriesContext

    _ranked_corpus(search.query_tokens("鲲鹏")[0])
    first = client.get(f"{API}/sections/", {"q": "鲲鹏", "page_size": 4}).json()
    for params in ({"q": "鲲鹏", "page_size": 4}, first["next"]):
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(f"{API}/sections/", params) if isinstance(params, dict) else client.get(params)
        assert page.status_code == 200 and page.json()["count"] == len(RANKED)
        scans = [q["sql"] for q in ctx.captured_queries if "_fts" in q["sql"] or "search_vector" in q["sql"]]
        assert len(scans) == 1, scans  # the page and its count; the snippets' query reads texts by id
        assert len(ctx.captured_queries) == 2 + STAMP_QUERY


def test_phrase_must_stand_verbatim(db, client):
    from .conftest import build_archive

    build_archive()
    doc = Document.objects.first()
    # 乡村 … 振兴 apart: both tokens present, the phrase is not.
    doc.raw_text += "乡村道路建设，经济振兴。"
    doc.search_text = search.document_search_text(doc)
    doc.save()
    found = {r["id"] for r in results(client.get(f"{API}/documents/", {"q": "乡村振兴", "page_size": 100}))}
    expected = {d.pk for d in Document.objects.all() if "乡村振兴" in doc_text(d)}
    assert found == expected


def test_no_match_empty_and_odd_queries(archive, client):
    assert results(client.get(f"{API}/documents/", {"q": "量子计算机"})) == []
    assert results(client.get(f"{API}/documents/", {"q": "，。！"})) == []  # punctuation only: nothing to look for
    for odd in ['"', "'", "a OR b", "NEAR(x y)", "提案*", "col:提案", "\\"]:
        assert client.get(f"{API}/documents/", {"q": odd}).status_code == 200
        assert client.get(f"{API}/sections/", {"q": odd}).status_code == 200


def test_search_combines_with_filters(archive, client):
    rows = results(client.get(f"{API}/documents/", {"q": "乡村振兴", "county": "灵石县"}))
    assert {r["county"]["code"] for r in rows} == {"140729"} and len(rows) == 2


def test_index_follows_edits_and_deletes(archive, client):
    doc = archive["documents"]["dai_speech"]
    doc.search_text = search.segment("新增的数字乡村示范点")
    doc.save()
    assert doc.pk in {r["id"] for r in results(client.get(f"{API}/documents/", {"q": "示范点"}))}
    doc.statistics.all().delete()
    doc.delete()
    assert results(client.get(f"{API}/documents/", {"q": "示范点"})) == []


def test_uses_the_index(archive):
    """The query goes through the FTS5 table (SQLite) or the stored vector's GIN index (PostgreSQL)."""
    sql = str(search.search(Document.objects.all(), "提案", ("raw_text",)).query)
    if connection.vendor == "sqlite":
        assert "reports_document_fts MATCH" in sql
    else:
        assert "search_vector @@ to_tsquery('simple'" in sql
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'reports_document_search_gin'")
            assert "gin (search_vector)" in cursor.fetchone()[0]
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns "
                "WHERE table_name = 'reports_document' AND column_name = 'search_vector'"
            )
            assert "to_tsvector('simple'::regconfig, search_text)" in cursor.fetchone()[0]


def test_segment_keeps_cppcc_terms_whole():
    text = "全年报送社情民意信息102条，县政协常务委员会推动乡村振兴，配置AED"
    toks = search.segment(text).split()
    for word in ("社情民意信息", "社情民意", "常务委员会", "乡村振兴", "aed", "102"):
        assert word in toks
    assert search.query_tokens("乡村振兴 AED") == ["乡村振兴", "aed"]


def test_snippet_marks_and_escapes():
    snip = search.snippet("<b>县政协</b>推动乡村振兴工作，乡村振兴见成效。", "乡村振兴")
    assert snip.count("<mark>乡村振兴</mark>") == 2 and "&lt;b&gt;" in snip


def test_same_rows_in_the_same_order_on_every_database(archive, client):
    """Pinned by title (ids differ between databases): SQLite and PostgreSQL runs both meet this list."""
    titles = [r["title"] for r in results(client.get(f"{API}/documents/", {"q": "提案", "page_size": 100}))]
    assert titles == [
        "政协绛县委员会关于十四届三次会议以来提案工作情况的报告",
        "政协绛县委员会十届五次会议提案工作报告",
        "关于发展全域旅游的建议",
    ]
    headings = [r["heading"] for r in results(client.get(f"{API}/sections/", {"q": "乡村振兴", "page_size": 100}))]
    assert sorted(headings) == sorted(["坚持高质量提案", "2025年工作安排", "聚焦中心建言", "2025年工作"])


def test_sqlite_index_triggers_survive_migrations(db):
    """A later migration that makes SQLite rebuild reports_document/section drops their triggers: this says so."""
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 triggers exist on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reports_%_fts_%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {f"reports_{t}_fts_{s}" for t in ("document", "section") for s in ("ai", "ad", "au")}


def test_a_search_ranks_the_newest_matches_and_says_when_it_stopped(archive, client, monkeypatch):
    matching = sorted(d.pk for d in Document.objects.all() if "提案" in doc_text(d))
    assert len(matching) > 2
    monkeypatch.setattr(search, "RANKED_MATCHES", 2)
    page = client.get(f"{API}/documents/", {"q": "提案"}).json()
    assert page["count"] == 2 and page["truncated"] is True
    assert {r["id"] for r in page["results"]} == set(matching[-2:])  # the newest two, ranked
    # Filters narrow the matches before the cut: one county's are all there.
    county = Document.objects.get(pk=matching[0]).county_id
    in_county = [pk for pk in matching if Document.objects.get(pk=pk).county_id == county]
    page = client.get(f"{API}/documents/", {"q": "提案", "county": county}).json()
    assert {r["id"] for r in page["results"]} <= set(in_county) and page["count"] == min(2, len(in_county))
    # An export is every match, not a page.
    export = client.get(f"{API}/documents/", {"q": "提案", "format": "ndjson"})
    assert len(b"".join(export.streaming_content).splitlines()) == len(matching)


def test_an_unbounded_search_is_not_flagged(archive, client):
    page = client.get(f"{API}/sections/", {"q": "提案"}).json()
    assert page["count"] < search.RANKED_MATCHES and page["truncated"] is False


def test_a_list_counts_its_filtered_rows_without_the_pages_joins(archive, client):
    """?count=true counts on the filtered table; the page's nested columns (county, session…) need joins, the count not."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        page = client.get(f"{API}/documents/", {"count": "true", "kind": "standing_committee_work_report"}).json()
    [count_sql] = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert " JOIN " not in count_sql.upper()
    assert page["count"] == Document.objects.filter(kind="standing_committee_work_report").count() > 0
    page_sql = ctx.captured_queries[-1]["sql"]
    assert " JOIN " in page_sql.upper()  # the page itself still reads its nested columns in one query


@pytest.mark.parametrize("ordering", ["-date", "title", "id"])
def test_search_pages_under_any_ordering_count_every_match(archive, client, ordering):
    """The cursor condition sits above the window count: every page counts all matches, none repeats or vanishes."""
    matching = {d.pk for d in Document.objects.all() if "提案" in doc_text(d)}
    page = client.get(f"{API}/documents/", {"q": "提案", "ordering": ordering, "page_size": 1}).json()
    seen = []
    while True:
        assert page["count"] == len(matching)
        seen += [r["id"] for r in page["results"]]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert sorted(seen) == sorted(matching)
    back = client.get(page["previous"]).json()  # and back again from the last page
    assert back["count"] == len(matching) and [r["id"] for r in back["results"]] == seen[-2:-1]
