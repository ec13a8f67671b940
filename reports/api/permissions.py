"""Who may do what through the API: anyone reads; writes need a staff user with the model permission.

Staff alone is not enough: viewers are staff (so they can use the admin) but
hold only view permissions, and an editor's group grants change permissions on
archive records only. The check is DRF's DjangoModelPermissions (add for POST,
change for PUT/PATCH, delete for DELETE) on top of ``is_staff``.
"""
from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ReadOnlyOrStaffEditor(DjangoModelPermissions):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return user.is_superuser  # a write endpoint with no model: superusers only
        return super().has_permission(request, view)
