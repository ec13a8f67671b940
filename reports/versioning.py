"""Optimistic concurrency: a version tag of a row's stored values, for the API's ETag and the admin's forms.

Two editors who load the same row and both save would otherwise silently lose
the first one's change. The tag is a hash of the row as stored, so it changes
exactly when the row changes; the second writer's tag no longer matches and the
write is refused (412 in the API, a form error in the admin).
"""
import hashlib

import orjson


def version_tag(instance, *, reread: bool = True) -> str:
    """A short hash of the instance's stored field values.

    ``reread`` asks the database (one query) for what is stored now; without it
    the instance's own values are used, which is right for an instance just read.
    """
    names = [f.attname for f in instance._meta.concrete_fields]
    if reread:
        values = type(instance)._base_manager.filter(pk=instance.pk).values(*names).first()
    else:
        values = {name: getattr(instance, name) for name in names}
    return _digest(values)


def _digest(values) -> str:
    return hashlib.sha256(orjson.dumps(values, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
