"""The orjson renderer writes exactly what DRF's JSONRenderer writes."""
import datetime

import pytest
from hypothesis import given, strategies as st
from rest_framework.exceptions import ErrorDetail
from rest_framework.renderers import JSONRenderer

from reports.api.renderers import ORJSONRenderer

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text() | st.dates(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_same_bytes_as_drf(value):
    assert ORJSONRenderer().render(value) == JSONRenderer().render(value)


@pytest.mark.parametrize(
    "value",
    [
        {"when": datetime.datetime(2025, 1, 5, 9, 30, 1, 123456, tzinfo=datetime.timezone.utc)},
        {"huge": 2**80},
        {"error": [ErrorDetail("不是有效的选项。", code="invalid_choice")]},
        {"text": "第一行\u2028第二行\u2029"},
    ],
)
def test_same_bytes_where_orjson_would_differ(value):
    assert ORJSONRenderer().render(value) == JSONRenderer().render(value)


def test_indent_requested_by_the_client():
    value = {"a": [1, 2]}
    indented = ORJSONRenderer().render(value, "application/json; indent=2")
    assert indented == JSONRenderer().render(value, "application/json; indent=2") and b"\n" in indented
