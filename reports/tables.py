"""Each resource as a table: its name and its columns (header, lookup), declared once for every file made from it.

The API's exports (``?format=csv``), the data package and the admin's export
actions all read ``TABLES``, so a file from any of them has the same columns
with the same meanings as the API's JSON (``session`` is the session's id
there too, ``session_number`` its number). Adding a column is one line here.
"""
from dataclasses import dataclass

from reports.models import Committee, County, Document, Prefecture, Province, Section, Session, Statistic


@dataclass(frozen=True)
class Table:
    name: str  # file and resource name: statistics.csv
    model: type
    columns: tuple  # (header, lookup) pairs
    primary_key: str
    foreign_keys: tuple = ()  # (column, table name, its key column)


TABLES = (
    Table("provinces", Province, (("code", "code"), ("name", "name"), ("slug", "slug")), "code"),
    Table("prefectures", Prefecture, (("code", "code"), ("name", "name"), ("slug", "slug"), ("province_code", "province_id"),
                                      ("province", "province__name")), "code", (("province_code", "provinces", "code"),)),
    Table("counties", County, (
        ("code", "code"), ("name", "name"), ("kind", "kind"), ("slug", "slug"), ("prefecture_code", "prefecture_id"),
        ("prefecture", "prefecture__name"), ("province_code", "province_id"), ("province", "province__name"),
    ), "code", (("prefecture_code", "prefectures", "code"), ("province_code", "provinces", "code"))),
    Table("committees", Committee, (("id", "id"), ("county_code", "county_id"), ("county", "county__name"), ("term", "term"),
                                    ("start_year", "start_year"), ("end_year", "end_year")), "id", (("county_code", "counties", "code"),)),
    Table("sessions", Session, (
        ("id", "id"), ("committee", "committee_id"), ("county_code", "committee__county_id"), ("county", "committee__county__name"),
        ("term", "committee__term"), ("number", "number"), ("start_date", "start_date"), ("end_date", "end_date"), ("venue", "venue"),
    ), "id", (("committee", "committees", "id"), ("county_code", "counties", "code"))),
    Table("documents", Document, (
        ("id", "id"), ("kind", "kind"), ("title", "title"), ("county_code", "county_id"), ("county", "county__name"),
        ("province", "county__province__name"), ("committee", "committee_id"), ("term", "committee__term"),
        ("session", "session_id"), ("session_number", "session__number"), ("date", "date"), ("speaker_name", "speaker_name"),
        ("speaker_role", "speaker_role"), ("review_year", "review_year"), ("plan_year", "plan_year"), ("is_fragment", "is_fragment"),
        ("is_excerpt", "is_excerpt"), ("review_status", "review_status"), ("source_file", "source_file"),
        ("source_page", "source_page"), ("checksum", "checksum"),
    ), "id", (("county_code", "counties", "code"), ("committee", "committees", "id"), ("session", "sessions", "id"))),
    Table("sections", Section, (
        ("id", "id"), ("document", "document_id"), ("parent", "parent_id"), ("position", "position"), ("level", "level"),
        ("label", "label"), ("heading", "heading"), ("part", "part"), ("body", "body"), ("start", "start"), ("end", "end"),
    ), "id", (("document", "documents", "id"), ("parent", "sections", "id"))),
    Table("statistics", Statistic, (
        ("id", "id"), ("document", "document_id"), ("document_kind", "document__kind"), ("county_code", "document__county_id"),
        ("county", "document__county__name"), ("province", "document__county__province__name"), ("section", "section_id"),
        ("metric", "metric"), ("value", "value"), ("qualifier", "qualifier"), ("unit", "unit"), ("year", "year"),
        ("wording", "wording"), ("quote", "quote"), ("start", "start"), ("end", "end"), ("corrected", "corrected"),
    ), "id", (("document", "documents", "id"), ("county_code", "counties", "code"), ("section", "sections", "id"))),
)
BY_MODEL = {table.model: table for table in TABLES}
BY_NAME = {table.name: table for table in TABLES}
# The data package adds each document's raw text (quotes are checked against its offsets); lists and exports leave it out.
DOCUMENT_TEXT = ("raw_text", "raw_text")
