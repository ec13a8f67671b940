"""How archive rows look in the API: compact lists, full details with links."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports import history
from reports.models import Committee, County, Document, Finding, Prefecture, Province, Section, Session, Statistic


class PlaceRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProvinceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:province-detail", lookup_field="code")

    class Meta:
        model = Province
        fields = ("code", "name", "slug", "url")


class PrefectureSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:prefecture-detail", lookup_field="code")
    province = PlaceRefSerializer()

    class Meta:
        model = Prefecture
        fields = ("code", "name", "slug", "province", "url")


class CountySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:county-detail", lookup_field="code")
    prefecture = PlaceRefSerializer()
    province = PlaceRefSerializer()

    class Meta:
        model = County
        fields = ("code", "name", "kind", "slug", "prefecture", "province", "url")


class CommitteeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:committee-detail")
    county = PlaceRefSerializer()

    class Meta:
        model = Committee
        fields = ("id", "url", "county", "term", "start_year", "end_year")


class SessionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:session-detail")
    county = PlaceRefSerializer(source="committee.county")
    term = serializers.IntegerField(source="committee.term")
    committee = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Session
        fields = ("id", "url", "county", "committee", "term", "number", "start_date", "end_date", "venue")


class StatisticSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:statistic-detail")
    county = PlaceRefSerializer(source="document.county", read_only=True)
    document_kind = serializers.CharField(source="document.kind", read_only=True)

    class Meta:
        model = Statistic
        fields = (
            "id", "url", "document", "document_kind", "county", "section", "metric", "wording", "value", "qualifier",
            "unit", "year", "quote", "start", "end", "corrected",
        )
        # The document, quote and offsets are the evidence; ``corrected`` is set by the correction itself.
        read_only_fields = ("document", "quote", "start", "end", "corrected")


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:section-detail")
    snippet = serializers.CharField(read_only=True, required=False, default=None, allow_null=True)

    class Meta:
        model = Section
        fields = ("id", "url", "document", "parent", "position", "level", "label", "heading", "body", "part", "start", "end", "snippet")
        read_only_fields = ("document", "parent", "position", "start", "end")


class DocumentSerializer(serializers.ModelSerializer):
    """A document in lists: metadata without text, sections or statistics."""

    url = serializers.HyperlinkedIdentityField(view_name="api:document-detail")
    county = PlaceRefSerializer(read_only=True)
    province = PlaceRefSerializer(source="county.province", read_only=True)
    term = serializers.IntegerField(source="committee.term", read_only=True, default=None, allow_null=True)
    session_number = serializers.IntegerField(source="session.number", read_only=True, default=None, allow_null=True)
    snippet = serializers.CharField(read_only=True, required=False, default=None, allow_null=True)

    class Meta:
        model = Document
        fields = (
            "id", "url", "kind", "title", "county", "province", "committee", "session", "term", "session_number",
            "speaker_name", "speaker_role", "date", "review_year", "plan_year", "is_fragment", "is_excerpt",
            "review_status", "source_file", "source_page", "snippet",
        )
        read_only_fields = ("committee", "session", "source_file", "source_page")


class DocumentStatisticSerializer(serializers.ModelSerializer):
    """A statistic inside its document: the quote and where it stands in ``raw_text``."""

    class Meta:
        model = Statistic
        fields = ("id", "metric", "wording", "value", "qualifier", "unit", "year", "quote", "start", "end", "section", "corrected")


class SectionTreeSerializer(serializers.ModelSerializer):
    children = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ("id", "position", "level", "label", "heading", "body", "part", "children")

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_children(self, section):
        children = self.context["children"].get(section.pk, [])
        return SectionTreeSerializer(children, many=True, context=self.context).data


class FindingSerializer(serializers.Serializer):
    """A consistency finding (reports/findings.py): stable code, severity (3 error, 2 warning, 1 note), Chinese message,
    the ids of the statistics involved."""

    code = serializers.CharField()
    severity = serializers.IntegerField()
    message = serializers.CharField()
    statistics = serializers.ListField(child=serializers.IntegerField())


class DocumentDetailSerializer(DocumentSerializer):
    """A document with its section tree, its statistics with quotes, its findings and its raw text."""

    sections = serializers.SerializerMethodField()
    statistics = serializers.SerializerMethodField()
    findings = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = DocumentSerializer.Meta.fields + ("checksum", "warnings", "raw_text", "sections", "statistics", "findings")
        read_only_fields = DocumentSerializer.Meta.read_only_fields + ("checksum", "warnings", "raw_text")

    @extend_schema_field(SectionTreeSerializer(many=True))
    def get_sections(self, doc):
        # One query for the whole tree, assembled in memory.
        children = {}
        roots = []
        for section in doc.sections.order_by("position"):
            (children.setdefault(section.parent_id, []) if section.parent_id else roots).append(section)
        return SectionTreeSerializer(roots, many=True, context={"children": children}).data

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, doc):
        # One query: each finding joined to the statistics it involves, grouped here.
        grouped: dict[int, dict] = {}
        rows = Finding.objects.filter(document=doc).values_list("pk", "code", "severity", "message", "statistics")
        for pk, code, severity, message, statistic in rows:
            finding = grouped.setdefault(pk, {"code": code, "severity": severity, "message": message, "statistics": []})
            if statistic is not None:
                finding["statistics"].append(statistic)
        return sorted(grouped.values(), key=lambda f: (-f["severity"], f["code"]))

    @extend_schema_field(DocumentStatisticSerializer(many=True))
    def get_statistics(self, doc):
        return DocumentStatisticSerializer(doc.statistics.order_by("start", "metric"), many=True).data


class SeriesPointSerializer(serializers.Serializer):
    """One point of /statistics/series/: a metric's value for a county in a year (documents the response only)."""

    metric = serializers.CharField()
    county = PlaceRefSerializer()
    year = serializers.IntegerField(allow_null=True)
    value = serializers.IntegerField(help_text="largest value reported for the county and year")
    min = serializers.IntegerField(help_text="smallest value reported; differs from value when sources disagree")
    count = serializers.IntegerField(help_text="statistics grouped")
    documents = serializers.IntegerField(help_text="documents they come from")


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(help_text="the value before (a document's raw text: its length)")
    new = serializers.JSONField(help_text="the value after")


class HistoryEntrySerializer(serializers.Serializer):
    """One change of a document or of one of its sections or statistics (reports/history.py), newest first."""

    date = serializers.DateTimeField()
    user = serializers.CharField(help_text="who made the change; empty for the command line")
    reason = serializers.CharField()
    kind = serializers.ChoiceField(choices=history.KINDS)
    row_id = serializers.IntegerField()
    row = serializers.CharField(help_text="the record in words, as it was after the change")
    action = serializers.ChoiceField(choices=list(history.ACTIONS.values()))
    changes = FieldChangeSerializer(many=True)
