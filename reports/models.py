"""The archive's data model: places, committees, sessions, documents, sections, statistics.

Every model has a natural key held by a database constraint, so fixtures load by
natural key and loading twice changes nothing:

- Province / Prefecture / County: the official 6-digit code (also the primary key).
- Committee: county + term.
- Session: committee + number.
- Document: county + kind + checksum of the normalised text.
- Section: document + position (pre-order index in the document's tree).
- Statistic: document + metric + start offset.

Every change made through the ORM's ``save()`` (the admin, the API, per-file
ingestion) is kept by django-simple-history: who, when, what. Bulk loads
(``bulk_create``) write no history rows; they are loads, not edits.

Verbose names are English source strings, translated to Chinese in
``reports/locale/zh_Hans``; the admin speaks Chinese by default.
"""
import datetime
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reports.parsing import types as vocabulary
from reports.parsing.types import MAX_LEVEL, MAX_ORDINAL, MAX_VALUE, MAX_YEAR, MIN_LEVEL, MIN_ORDINAL, MIN_YEAR


def _choices(name, values, labels):
    """TextChoices whose values are the parser's vocabulary (declared once) and whose labels are translatable."""
    missing = set(values) ^ set(labels)
    if missing:
        raise ValueError(f"{name}: labels and the parser's vocabulary differ on {sorted(missing)}")
    return models.TextChoices(name, [(value.upper(), (value, labels[value])) for value in values])


def _year_ok(field):
    """A check that a nullable year column is null or inside the plausible range."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR})


def _date_ok(field):
    """A check that a nullable date column is null or falls in a plausible year."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": FIRST_DAY, f"{field}__lte": LAST_DAY})


def between(low, high):
    """Validators for the same bounds a check constraint holds, so forms and the API answer 400, not 500."""
    return [MinValueValidator(low), MaxValueValidator(high)]


FIRST_DAY, LAST_DAY = datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)
YEAR = between(MIN_YEAR, MAX_YEAR)
ORDINAL = between(MIN_ORDINAL, MAX_ORDINAL)
PLAUSIBLE_DATE = between(FIRST_DAY, LAST_DAY)


# Cross-row rules, checked by clean() for every write (admin forms, API, services).
COMMITTEE_OF_ANOTHER_COUNTY = _("The committee belongs to another county than the document.")
SESSION_OF_ANOTHER_COUNTY = _("The session belongs to another county's committee.")
SESSION_OF_ANOTHER_COMMITTEE = _("The session belongs to another committee than the document's.")
PARENT_IN_ANOTHER_DOCUMENT = _("The parent section belongs to another document.")
SECTION_IN_ANOTHER_DOCUMENT = _("The section belongs to another document.")


class CodeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Place(models.Model):
    """A division of the gazetteer, identified by its official 6-digit code."""

    code = models.CharField(_("code"), max_length=6, primary_key=True, help_text=_("Official 6-digit code, e.g. 140826."))
    name = models.CharField(_("name"), max_length=32, db_index=True)
    slug = models.SlugField(_("pinyin slug"), max_length=64, db_index=True)

    objects = CodeManager()

    class Meta:
        abstract = True
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{6}$"), name="%(app_label)s_%(class)s_code_six_digits"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Province(Place):
    history = HistoricalRecords()

    class Meta(Place.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class Prefecture(Place):
    """地级市/州/盟, or the statistics bureau's stand-in (市辖区, 省直辖县级行政区划) where there is none."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="prefectures", verbose_name=_("province"))
    history = HistoricalRecords()

    class Meta(Place.Meta):
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")


class County(Place):
    """A county-level division (县, 市辖区, 县级市, 旗, 自治县 …) from the gazetteer."""

    kind = models.CharField(_("kind of division"), max_length=16, db_index=True)
    # Not unique: 朝阳区 exists twice.
    prefecture = models.ForeignKey(Prefecture, on_delete=models.PROTECT, related_name="counties", verbose_name=_("prefecture"))
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="counties", verbose_name=_("province"))
    history = HistoricalRecords()

    class Meta(Place.Meta):
        verbose_name = _("county")
        verbose_name_plural = _("counties")


class CommitteeManager(models.Manager):
    def get_by_natural_key(self, county_code, term):
        return self.get(county_id=county_code, term=term)


class Committee(models.Model):
    """A county's CPPCC committee for one term (届)."""

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="committees", verbose_name=_("county"))
    term = models.PositiveSmallIntegerField(_("term"), validators=ORDINAL, help_text=_("届: 14 for 第十四届."))
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True, validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True, validators=YEAR)

    objects = CommitteeManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["county_id", "term"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(fields=["county", "term"], name="%(app_label)s_%(class)s_unique_county_term"),
            models.CheckConstraint(condition=Q(term__gte=MIN_ORDINAL, term__lte=MAX_ORDINAL), name="%(app_label)s_%(class)s_term_range"),
            models.CheckConstraint(condition=_year_ok("start_year"), name="%(app_label)s_%(class)s_start_year_range"),
            models.CheckConstraint(condition=_year_ok("end_year"), name="%(app_label)s_%(class)s_end_year_range"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self):
        return _("%(county)s CPPCC, term %(term)s") % {"county": self.county.name, "term": self.term}

    def natural_key(self):
        return (self.county_id, self.term)

    natural_key.dependencies = ["reports.county"]


class SessionManager(models.Manager):
    def get_by_natural_key(self, county_code, term, number):
        return self.get(committee__county_id=county_code, committee__term=term, number=number)


class Session(models.Model):
    """One plenary session (次会议) of a committee."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("committee"))
    number = models.PositiveSmallIntegerField(_("session number"), validators=ORDINAL, help_text=_("次: 4 for 第四次会议."))
    start_date = models.DateField(_("start date"), null=True, blank=True, db_index=True, validators=PLAUSIBLE_DATE)
    end_date = models.DateField(_("end date"), null=True, blank=True, validators=PLAUSIBLE_DATE)
    venue = models.CharField(_("venue"), max_length=200, blank=True)

    objects = SessionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee__county_id", "committee__term", "number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="%(app_label)s_%(class)s_unique_committee_number"),
            models.CheckConstraint(condition=_date_ok("start_date"), name="%(app_label)s_%(class)s_start_date_range"),
            models.CheckConstraint(condition=_date_ok("end_date"), name="%(app_label)s_%(class)s_end_date_range"),
            models.CheckConstraint(condition=Q(number__gte=MIN_ORDINAL, number__lte=MAX_ORDINAL), name="%(app_label)s_%(class)s_number_range"),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
            ),
        ]

    def __str__(self):
        return _("%(committee)s, session %(number)s") % {"committee": self.committee, "number": self.number}

    def natural_key(self):
        return self.committee.natural_key() + (self.number,)

    natural_key.dependencies = ["reports.committee"]


DocumentKind = _choices(
    "DocumentKind",
    vocabulary.DOCUMENT_KINDS,
    {
        "standing_committee_work_report": _("standing committee work report"),
        "proposal_work_report": _("proposal work report"),
        "political_resolution": _("political resolution"),
        "resolution": _("resolution"),
        "speech": _("speech"),
        "member_speech": _("member speech"),
        "other": _("other"),
    },
)


class ReviewStatus(models.TextChoices):
    PARSED = "parsed", _("parsed")
    REVIEWED = "reviewed", _("reviewed")
    CORRECTED = "corrected", _("corrected")


class DocumentQuerySet(models.QuerySet):
    def with_warning(self, codes):
        """Documents with a parser warning of one of ``codes`` (the vocabulary: reports/parsing/diagnostics.py)."""
        codes = list(codes)
        if not codes:
            return self
        if connections[self.db].vendor == "postgresql":
            # jsonb containment: the list holds an object with this code.
            any_of = Q()
            for code in codes:
                any_of |= Q(warnings__contains=[{"code": code}])
            return self.filter(any_of)
        # SQLite's JSON1 functions; a self-contained subquery, so it holds inside any outer query.
        marks = ", ".join(["%s"] * len(codes))
        table = self.model._meta.db_table
        ids = RawSQL(f"SELECT d.id FROM {table} d, json_each(d.warnings) w WHERE json_extract(w.value, '$.code') IN ({marks})", codes)
        return self.filter(pk__in=ids)


class DocumentManager(models.Manager.from_queryset(DocumentQuerySet)):
    def get_by_natural_key(self, county_code, kind, checksum):
        return self.get(county_id=county_code, kind=kind, checksum=checksum)


class Document(models.Model):
    """One text delivered at or published for a session, as cut from a newspaper page."""

    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="documents", verbose_name=_("county"))
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("committee")
    )
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("session")
    )
    speaker_name = models.CharField(_("speaker"), max_length=50, blank=True, db_index=True)
    speaker_role = models.CharField(_("speaker's role"), max_length=50, blank=True)
    date = models.DateField(_("date delivered or adopted"), null=True, blank=True, db_index=True, validators=PLAUSIBLE_DATE)
    review_year = models.PositiveSmallIntegerField(_("review year"), null=True, blank=True, db_index=True, validators=YEAR)
    plan_year = models.PositiveSmallIntegerField(_("plan year"), null=True, blank=True, db_index=True, validators=YEAR)
    is_fragment = models.BooleanField(_("fragment"), default=False, db_index=True, help_text=_("Continued from or to another page."))
    is_excerpt = models.BooleanField(_("excerpt"), default=False, db_index=True, help_text=_("Published as 摘要."))
    source_file = models.CharField(_("source file"), max_length=255, db_index=True)
    source_index = models.PositiveSmallIntegerField(_("position in source"), default=0)
    source_page = models.CharField(_("newspaper page"), max_length=100, blank=True)
    raw_text = models.TextField(_("raw text"))
    checksum = models.CharField(_("checksum"), max_length=64, help_text=_("SHA-256 of the normalised text."))
    warnings = models.JSONField(_("parser warnings"), default=list, blank=True)
    parser_version = models.CharField(
        _("parser version"), max_length=20, blank=True, help_text=_("Version of the parser that produced the document.")
    )
    review_status = models.CharField(
        _("review status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PARSED, db_index=True
    )
    # jieba-segmented title and text, space separated: what the full-text index is built on.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    corrected_fields = models.JSONField(_("fields corrected by an editor"), default=list, blank=True, editable=False)

    objects = DocumentManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["county_id", "date", "source_file", "source_index"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["county", "kind", "checksum"], name="%(app_label)s_%(class)s_unique_county_kind_checksum"),
            models.CheckConstraint(condition=_year_ok("review_year"), name="%(app_label)s_%(class)s_review_year_range"),
            models.CheckConstraint(condition=_year_ok("plan_year"), name="%(app_label)s_%(class)s_plan_year_range"),
            models.CheckConstraint(condition=_date_ok("date"), name="%(app_label)s_%(class)s_date_range"),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_status__in=ReviewStatus.values), name="%(app_label)s_%(class)s_review_status_valid"
            ),
            models.CheckConstraint(condition=Q(checksum__regex=r"^[0-9a-f]{64}$"), name="%(app_label)s_%(class)s_checksum_sha256"),
        ]
        indexes = [models.Index(fields=["source_file", "source_index"], name="reports_doc_source_idx")]

    def __str__(self):
        return self.title

    def clean(self):
        # A document's committee and session belong to its own county.
        errors = {}
        if self.committee_id and self.county_id and self.committee.county_id != self.county_id:
            errors["committee"] = COMMITTEE_OF_ANOTHER_COUNTY
        if self.session_id:
            if self.county_id and self.session.committee.county_id != self.county_id:
                errors["session"] = SESSION_OF_ANOTHER_COUNTY
            elif self.committee_id and self.session.committee_id != self.committee_id:
                errors["session"] = SESSION_OF_ANOTHER_COMMITTEE
        if errors:
            raise ValidationError(errors)

    def natural_key(self):
        return (self.county_id, self.kind, self.checksum)

    natural_key.dependencies = ["reports.county", "reports.session"]


SectionPart = _choices(
    "SectionPart",
    vocabulary.PARTS,
    {"review": _("review of last year"), "plan": _("plan for next year"), "other": _("other")},
)


class SectionManager(models.Manager):
    def get_by_natural_key(self, county_code, kind, checksum, position):
        return self.get(document__county_id=county_code, document__kind=kind, document__checksum=checksum, position=position)


class Section(models.Model):
    """A heading and its body; a document's sections form an ordered tree."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections", verbose_name=_("document"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("parent section")
    )
    position = models.PositiveIntegerField(_("position"), help_text=_("Order of the section in the document (pre-order)."))
    level = models.PositiveSmallIntegerField(
        _("level"), db_index=True, validators=between(MIN_LEVEL, MAX_LEVEL), help_text=_("1 for 一、, 2 for (一), 3 for 1. …")
    )
    label = models.CharField(_("label as printed"), max_length=20, blank=True)
    heading = models.CharField(_("heading"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    part = models.CharField(_("part"), max_length=8, choices=SectionPart.choices, default=SectionPart.OTHER, db_index=True)
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    corrected_fields = models.JSONField(_("fields corrected by an editor"), default=list, blank=True, editable=False)

    objects = SectionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document_id", "position"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="%(app_label)s_%(class)s_unique_document_position"),
            models.CheckConstraint(condition=Q(level__gte=MIN_LEVEL, level__lte=MAX_LEVEL), name="%(app_label)s_%(class)s_level_range"),
            models.CheckConstraint(condition=Q(part__in=SectionPart.values), name="%(app_label)s_%(class)s_part_valid"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="%(app_label)s_%(class)s_offsets_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.heading}".strip() or _("(untitled section)")

    def clean(self):
        if self.parent_id and self.document_id and self.parent.document_id != self.document_id:
            raise ValidationError({"parent": PARENT_IN_ANOTHER_DOCUMENT})

    def natural_key(self):
        return self.document.natural_key() + (self.position,)

    natural_key.dependencies = ["reports.document"]


Metric = _choices(
    "Metric",
    vocabulary.METRICS,
    {
        "proposals_received": _("proposals received"),
        "proposals_filed": _("proposals filed"),
        "proposals_key": _("key proposals"),
        "proposals_supervised": _("proposals supervised"),
        "proposals_closed": _("proposals closed or answered"),
        "opinion_reports": _("public-opinion reports"),
        "opinion_reports_to_city": _("public-opinion reports sent to the city"),
        "opinion_reports_to_province": _("public-opinion reports sent to the province"),
        "opinion_reports_to_national": _("public-opinion reports sent to the national committee"),
        "opinion_reports_adopted": _("public-opinion reports adopted"),
        "meetings_plenary": _("plenary meetings"),
        "meetings_standing_committee": _("standing committee meetings"),
        "meetings_chair": _("chair's meetings"),
        "consultations": _("consultations"),
        "inspections": _("inspections and surveys"),
        "research_reports": _("research reports"),
        "other": _("other"),
    },
)

Qualifier = _choices(
    "Qualifier",
    vocabulary.QUALIFIERS,
    {"exact": _("exact"), "more_than": _("more than"), "about": _("about"), "less_than": _("less than")},
)


class StatisticManager(models.Manager):
    def get_by_natural_key(self, county_code, kind, checksum, metric, start):
        return self.get(
            document__county_id=county_code, document__kind=kind, document__checksum=checksum, metric=metric, start=start
        )


class Statistic(models.Model):
    """A number in a document, with the exact quote it came from."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="statistics", verbose_name=_("document"))
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="statistics", verbose_name=_("section")
    )
    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices, db_index=True)
    wording = models.CharField(_("original wording"), max_length=100, blank=True)
    value = models.BigIntegerField(_("value"), db_index=True, validators=between(0, MAX_VALUE))
    qualifier = models.CharField(_("qualifier"), max_length=12, choices=Qualifier.choices, default=Qualifier.EXACT, db_index=True)
    unit = models.CharField(_("unit"), max_length=8, blank=True)
    year = models.PositiveSmallIntegerField(_("year referred to"), null=True, blank=True, db_index=True, validators=YEAR)
    quote = models.CharField(_("quote"), max_length=200, help_text=_("Exactly raw_text[start:end]."))
    start = models.PositiveIntegerField(_("start offset"))
    end = models.PositiveIntegerField(_("end offset"))
    corrected = models.BooleanField(_("corrected by an editor"), default=False)
    rule = models.CharField(_("parser rule"), max_length=40, blank=True, help_text=_("The parser rule that chose the metric."))
    corrected_fields = models.JSONField(_("fields corrected by an editor"), default=list, blank=True, editable=False)

    objects = StatisticManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document_id", "start", "metric"]
        verbose_name = _("statistic")
        verbose_name_plural = _("statistics")
        constraints = [
            models.UniqueConstraint(fields=["document", "metric", "start"], name="%(app_label)s_%(class)s_unique_document_metric_start"),
            models.CheckConstraint(condition=Q(value__gte=0), name="%(app_label)s_%(class)s_value_non_negative"),
            models.CheckConstraint(condition=Q(value__lte=MAX_VALUE), name="%(app_label)s_%(class)s_value_plausible"),
            models.CheckConstraint(condition=Q(metric__in=Metric.values), name="%(app_label)s_%(class)s_metric_valid"),
            models.CheckConstraint(condition=Q(qualifier__in=Qualifier.values), name="%(app_label)s_%(class)s_qualifier_valid"),
            models.CheckConstraint(condition=_year_ok("year"), name="%(app_label)s_%(class)s_year_range"),
            # The quote is the evidence: its length must be the span it claims.
            models.CheckConstraint(condition=Q(end=F("start") + Length("quote")), name="%(app_label)s_%(class)s_quote_matches_offsets"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="%(app_label)s_%(class)s_offsets_ordered"),
        ]

    def __str__(self):
        return f"{self.get_metric_display()}: {self.value}{self.unit}"

    def clean(self):
        if self.section_id and self.document_id and self.section.document_id != self.document_id:
            raise ValidationError({"section": SECTION_IN_ANOTHER_DOCUMENT})

    def natural_key(self):
        return self.document.natural_key() + (self.metric, self.start)

    natural_key.dependencies = ["reports.document"]


class Finding(models.Model):
    """A consistency problem an editor should look at: a stable code, a Chinese message, the rows involved.

    Computed by ``reports.findings`` at ingestion and after every edit; the codes
    and their severities are declared there, once.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="findings", verbose_name=_("document"))
    code = models.CharField(_("code"), max_length=40, db_index=True)
    severity = models.PositiveSmallIntegerField(_("severity"), db_index=True, help_text=_("3 error, 2 warning, 1 note."))
    message = models.CharField(_("message"), max_length=300)
    statistics = models.ManyToManyField(Statistic, blank=True, related_name="findings", verbose_name=_("statistics"))

    class Meta:
        ordering = ["-severity", "document_id", "code"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(condition=Q(severity__gte=1, severity__lte=3), name="%(app_label)s_%(class)s_severity_range"),
        ]

    def __str__(self):
        return self.message


class SeriesPoint(models.Model):
    """One point of /statistics/series/: a metric's figures for a county in a year, summarised.

    Derived data, written only by ``reports.series.refresh_series`` (ingestion,
    corrections, deletions and re-parses call it); ``manage.py rebuild_series``
    rebuilds it all. ``year`` is the statistic's year, else its document's
    review year.
    """

    metric = models.CharField(_("metric"), max_length=40, choices=Metric.choices)
    county = models.ForeignKey(County, on_delete=models.CASCADE, related_name="+", verbose_name=_("county"))
    year = models.PositiveSmallIntegerField(_("year referred to"), null=True, blank=True)
    value = models.BigIntegerField(_("value"))  # the largest value reported
    min = models.BigIntegerField(_("smallest value"))
    count = models.PositiveIntegerField(_("statistics"))
    documents = models.PositiveIntegerField(_("documents"))

    class Meta:
        ordering = ["metric", "county_id", "year"]
        verbose_name = _("series point")
        verbose_name_plural = _("series points")
        constraints = [
            # Also the index a page of the series is read from, in its (metric, county, year) order.
            models.UniqueConstraint(fields=["metric", "county", "year"], name="%(app_label)s_%(class)s_unique_metric_county_year"),
        ]

    def __str__(self):
        return f"{self.metric} {self.county_id} {self.year}: {self.value}"


class Deletion(models.Model):
    """A section or statistic an editor deleted: re-ingesting or re-parsing its document does not bring it back.

    Keyed by what the parse would produce again (a section's label and heading, a
    statistic's metric and quote, as parsed, not as corrected): reconciliation
    (reports/reconcile.py) skips a new row with that key and reports it as kept
    deleted. Deleting the Deletion lets the next parse bring the row back.
    """

    SECTION, STATISTIC = "section", "statistic"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="deletions", verbose_name=_("document"))
    kind = models.CharField(_("kind of row"), max_length=16, choices=[(SECTION, _("section")), (STATISTIC, _("statistic"))])
    key = models.TextField(_("key"), help_text=_("What the parser would produce again, as JSON."))
    words = models.CharField(_("deleted row"), max_length=300)
    deleted_at = models.DateTimeField(_("deleted at"), auto_now_add=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("deleted by")
    )
    reason = models.CharField(_("reason for the change"), max_length=100, blank=True)

    class Meta:
        ordering = ["document_id", "deleted_at"]
        verbose_name = _("deleted row")
        verbose_name_plural = _("deleted rows")
        constraints = [
            models.UniqueConstraint(fields=["document", "kind", "key"], name="%(app_label)s_%(class)s_unique_document_kind_key"),
            models.CheckConstraint(condition=Q(kind__in=["section", "statistic"]), name="%(app_label)s_%(class)s_kind_valid"),
        ]

    def __str__(self):
        return self.words

    @classmethod
    def key_of(cls, row: "Section | Statistic") -> tuple[str, str]:
        """(kind, key) of a section or statistic, stored or planned."""
        if isinstance(row, Section):
            return cls.SECTION, json.dumps([row.label, row.heading], ensure_ascii=False)
        return cls.STATISTIC, json.dumps([row.metric, row.quote], ensure_ascii=False)
