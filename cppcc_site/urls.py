"""Top-level routes: the public explorer at the root, the admin, the API under /api/v1/."""
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("reports.api.urls")),
    path("", include("explorer.urls")),
]

# A request body past DATA_UPLOAD_MAX_MEMORY_SIZE (an admin import too large) is explained in Chinese.
handler400 = "reports.admin_import.too_large_page"
