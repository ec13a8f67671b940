"""OpenAPI schema finishing touches so standard generators (openapi-python-client) build a working client.

drf-spectacular describes each view; this hook (SPECTACULAR_SETTINGS
POSTPROCESSING_HOOKS) adds what is true of the whole API and a view cannot say:
reads need no credentials, writes need If-Match, and the error answers every
operation can give. It also drops the ``title`` that
django-filter parameters inherit from the model's (translated) verbose names:
generators turn titles into class names, and 类型 is not a Python identifier.
"""
ERROR = {
    "type": "object",
    "description": "An error: `detail` says what went wrong (in Chinese or English by Accept-Language); a 400 about "
    "filters names each bad parameter as a key with a list of messages.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "Bad input: a filter value, an unknown parameter or place, a tampered cursor, or an invalid write.",
    "401": "Credentials missing or wrong (writes need `Authorization: Token …`).",
    "403": "Authenticated, but not allowed to edit this.",
    "404": "No such object.",
    "409": "The write conflicts with another record (a natural key already taken).",
    "412": "If-Match is stale: the object changed since you read it; GET it again and reapply your change.",
    "428": "If-Match missing: send the ETag of your last GET in If-Match.",
}
READ_ERRORS = ("400", "404")
WRITE_ERRORS = tuple(ERRORS)
WRITES = ("put", "patch", "delete", "post")
IF_MATCH = {
    "in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
    "description": "The ETag of your last GET of this object: without it 428, stale 412, and nothing is written.",
}


def finish(result, generator, request, public):
    """The POSTPROCESSING_HOOK: see the module docstring."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    error_ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "head", *WRITES):
                continue
            for parameter in operation.get("parameters", []):
                _drop_titles(parameter.get("schema", {}))
            responses = operation.setdefault("responses", {})
            codes = WRITE_ERRORS if method in WRITES else READ_ERRORS
            for code in codes:
                responses.setdefault(code, {"description": ERRORS[code], "content": error_ref})
            if method in ("get", "head"):
                # Anyone reads: no credentials is an accepted way in ({} in the list).
                security = operation.setdefault("security", [])
                if {} not in security:
                    security.append({})
            if method in ("put", "patch", "delete"):
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == "If-Match" for p in parameters):
                    parameters.append(IF_MATCH)
    return result


def _drop_titles(schema):
    if isinstance(schema, dict):
        schema.pop("title", None)
        for value in schema.values():
            _drop_titles(value)
    elif isinstance(schema, list):
        for value in schema:
            _drop_titles(value)
