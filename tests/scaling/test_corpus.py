"""The synthetic corpus: deterministic, realistic enough to parse, and loaded by the bulk path."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from reports.corpus import CorpusGenerator
from reports.models import Committee, Document, Section, Session, Statistic
from reports.parsing import parse_text


def test_same_seed_same_pages():
    first = [(p.name, p.text) for p in CorpusGenerator(seed=7).pages(60)]
    again = [(p.name, p.text) for p in CorpusGenerator(seed=7).pages(60)]
    other = [(p.name, p.text) for p in CorpusGenerator(seed=8).pages(60)]
    assert first == again and first != other


def test_pages_parse_back_to_their_county_term_and_numbers():
    for page in CorpusGenerator(seed=3).pages(150):
        parsed = parse_text(page.text, source=page.name)
        assert len(parsed.documents) == page.documents
        for doc in parsed.documents:
            assert doc.county.code == page.name[:6]
            assert doc.term and doc.session
        report = parsed.documents[0]
        metrics = {s.metric for s in report.statistics}
        assert {"proposals_received", "proposals_filed", "opinion_reports", "meetings_plenary"} <= metrics


@pytest.mark.django_db
def test_bulk_load_is_idempotent(gazetteer, tmp_path, capsys):
    call_command("generate_corpus", documents=40, seed=1, load=True, out=tmp_path)
    out = capsys.readouterr().out
    written = int(out.split(" documents")[0].split()[-1])
    counts = [m.objects.count() for m in (Committee, Session, Document, Section, Statistic)]
    assert written >= 40 and f"{written} loaded" in out and counts[2] == written and all(counts)
    call_command("generate_corpus", documents=40, seed=1, load=True)
    assert [m.objects.count() for m in (Committee, Session, Document, Section, Statistic)] == counts
    # The same pages through per-file ingestion find every document already there.
    call_command("ingest", str(tmp_path))
    assert "0 created, 0 updated" in capsys.readouterr().out
    for stat in Statistic.objects.select_related("document")[:200]:
        assert stat.document.raw_text[stat.start : stat.end] == stat.quote


@pytest.mark.django_db
def test_parallel_parsing_loads_the_same_rows_in_the_same_order(gazetteer):
    def loaded():
        return list(Document.objects.order_by("pk").values_list("source_file", "source_index", "checksum"))

    call_command("generate_corpus", documents=30, seed=5, load=True, jobs=2, batch=7)
    parallel = loaded()
    stats = Statistic.objects.count()
    Document.objects.all().delete()
    call_command("generate_corpus", documents=30, seed=5, load=True, jobs=1, batch=7)
    assert loaded() == parallel and len(parallel) >= 30
    assert Statistic.objects.count() == stats


@pytest.mark.django_db
def test_parallel_ingest_reports_and_loads_what_one_process_does(gazetteer, tmp_path, capsys):
    """``ingest --jobs 2``: same report, same rows in the same order, a bad file failing alone."""
    call_command("generate_corpus", documents=45, seed=9, out=tmp_path)
    (tmp_path / "zz_bad.txt").write_text("这不是政协文件，只有一行字。\n", encoding="utf-8")

    def run(jobs):
        with pytest.raises(CommandError, match="1 of .* files failed"):
            call_command("ingest", str(tmp_path), jobs=jobs)
        captured = capsys.readouterr()
        rows = list(Document.objects.order_by("pk").values_list("source_file", "source_index", "checksum", "title"))
        return captured.out.strip().splitlines()[-1], captured.err.count("failed:"), rows, Section.objects.count(), Statistic.objects.count()

    capsys.readouterr()
    parallel = run(2)
    Document.objects.all().delete()
    Session.objects.all().delete()
    Committee.objects.all().delete()
    assert run(1) == parallel
    summary, failures, rows = parallel[:3]
    assert failures == 1 and len(rows) >= 45 and f"{len(rows)} created" in summary
