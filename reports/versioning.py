"""Optimistic concurrency: a version tag of a row's stored values, for the API's ETag and the admin's forms.

Two editors who load the same row and both save would otherwise silently lose
the first one's change. The tag is a hash of the row as stored, so it changes
exactly when the row changes; the second writer's tag no longer matches and the
write is refused (412 in the API, a form error in the admin).
"""
import hashlib

import orjson


def version_tag(instance) -> str:
    """A short hash of the instance's stored field values (re-read from the database)."""
    fresh = type(instance)._base_manager.filter(pk=instance.pk).values(*[f.attname for f in instance._meta.concrete_fields]).first()
    return _digest(fresh)


def _digest(values) -> str:
    return hashlib.sha256(orjson.dumps(values, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
