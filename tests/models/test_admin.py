"""The admin serves every archive model, in Chinese, with bounded queries."""
import pytest
from django.urls import reverse

from reports.models import Committee, County, Document, Prefecture, Province, Section, Session, Statistic

pytestmark = pytest.mark.django_db
MODELS = (Province, Prefecture, County, Committee, Session, Document, Section, Statistic)


@pytest.fixture
def admin_client_zh(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return admin_client


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page(seed_archive, admin_client_zh, model):
    opts = model._meta
    response = admin_client_zh.get(reverse(f"admin:reports_{opts.model_name}_changelist"))
    assert response.status_code == 200
    obj = model.objects.first()
    response = admin_client_zh.get(reverse(f"admin:reports_{opts.model_name}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_admin_speaks_chinese(seed_archive, admin_client_zh):
    page = admin_client_zh.get(reverse("admin:index")).content.decode()
    assert "县级政协报告库" in page and "统计数据" in page and "县（市、区）" in page


def test_document_page_shows_tree_and_quotes(seed_archive, admin_client_zh):
    doc = Document.objects.filter(statistics__isnull=False, sections__isnull=False).distinct().first()
    page = admin_client_zh.get(reverse("admin:reports_document_change", args=[doc.pk])).content.decode()
    first_section = doc.sections.order_by("position").first()
    assert first_section.heading in page
    statistic = doc.statistics.first()
    assert f"<mark>{statistic.quote}</mark>" in page


def test_county_changelist_queries_are_bounded(gazetteer, admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("admin:reports_county_changelist")).status_code == 200


def test_catalogue_translates_every_string():
    from babel.messages.pofile import read_po
    from django.conf import settings

    path = settings.LOCALE_PATHS[0] / "zh_Hans" / "LC_MESSAGES" / "django.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    untranslated = [m.id for m in catalog if m.id and (not any(m.string if isinstance(m.string, tuple) else [m.string]) or m.fuzzy)]
    assert untranslated == []
