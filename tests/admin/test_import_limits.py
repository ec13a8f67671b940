"""Import limits that agree (issue 15, item 6): one size for upload, paste and confirm; a clear Chinese error above it."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from reports.admin_import import PENDING
from reports.models import Document
from tests.admin.test_workflow import IMPORT_URL, SEED, editor_client, make_user, roles  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
LIMIT = 10 * 1024  # bytes, so the texts stay small


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.IMPORT_MAX_BYTES = LIMIT
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT + 64 * 1024  # as cppcc_site/settings.py derives it


def page(text_bytes: int) -> str:
    """The seed report cut (or lengthened) to exactly ``text_bytes`` bytes of UTF-8, normalised as the import keeps it."""
    text = SEED.read_text(encoding="utf-8")
    while len(text.encode("utf-8")) < text_bytes:
        text += "\n全年召开常委会议六次。"
    text = text.encode("utf-8")[: text_bytes - 1].decode("utf-8", errors="ignore")  # whole characters only
    return text + "x" * (text_bytes - 1 - len(text.encode("utf-8"))) + "\n"  # normalised text ends with a line end


def test_the_page_helper_is_exact():
    from reports.parsing.decode import normalize_text

    for size in (LIMIT, LIMIT + 1):
        assert len(page(size).encode("utf-8")) == size and normalize_text(page(size)) == page(size)


def error(response):
    assert response.status_code == 200 and Document.objects.count() == 0
    return response.context["form"].non_field_errors()


def test_the_default_limits_agree():
    from cppcc_site import settings as site

    # 2 MB of text, and a paste of that size fits in the request body Django accepts.
    assert site.IMPORT_MAX_BYTES == 2 * 1024 * 1024 and site.DATA_UPLOAD_MAX_MEMORY_SIZE > site.IMPORT_MAX_BYTES


def test_an_upload_one_byte_over_the_limit_is_refused_in_chinese(editor_client):
    response = editor_client.post(IMPORT_URL, {"file": SimpleUploadedFile("big.txt", page(LIMIT + 1).encode("utf-8"))})
    assert error(response) == ["文本超过 10 kB（此文本 10 kB）。请拆分后逐份导入。"]


def test_a_paste_one_byte_over_the_limit_is_refused(editor_client):
    assert error(editor_client.post(IMPORT_URL, {"text": page(LIMIT + 1)}))


def test_an_upload_under_the_limit_that_decodes_to_more_is_refused(editor_client):
    # GB18030: two bytes a Chinese character, three as UTF-8.
    data = page(LIMIT + 2000).encode("gb18030")
    assert len(data) <= LIMIT
    assert error(editor_client.post(IMPORT_URL, {"file": SimpleUploadedFile("gbk.txt", data)}))


def test_at_the_limit_a_paste_previews_and_confirms(editor_client):
    preview = editor_client.post(IMPORT_URL, {"text": page(LIMIT)})
    assert preview.status_code == 200 and "confirm" in preview.context
    confirm = editor_client.post(IMPORT_URL, {"confirm": "1", "token": preview.context["confirm"].initial["token"], "source_name": "p.txt"})
    assert confirm.status_code == 302 and Document.objects.count() == 1


def test_a_confirm_one_byte_over_the_limit_is_refused(editor_client):
    preview = editor_client.post(IMPORT_URL, {"text": page(LIMIT)})
    token = preview.context["confirm"].initial["token"]
    session = editor_client.session
    session[PENDING] = {token: page(LIMIT + 1)}  # a text parked before the limit was lowered
    session.save()
    response = editor_client.post(IMPORT_URL, {"confirm": "1", "token": token, "source_name": "p.txt"}, follow=True)
    assert Document.objects.count() == 0
    assert any(str(m).startswith("文本超过") for m in response.context["messages"])


def test_a_body_past_the_request_limit_is_explained_in_chinese(roles):
    client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check reads the body first
    client.force_login(make_user("big", "editor"))
    token = client.get(IMPORT_URL).cookies["csrftoken"].value
    response = client.post(IMPORT_URL, {"csrfmiddlewaretoken": token, "text": "长" * (LIMIT + 64 * 1024)})
    assert response.status_code == 400
    assert response.content.decode().startswith("文本超过")
