"""API v1 routes: one router for the resources, coverage, the data package, plus the schema and its two viewers (served from static files)."""
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reports.api import coverage, datapackage, views

router = DefaultRouter()
router.register("provinces", views.ProvinceViewSet)
router.register("prefectures", views.PrefectureViewSet)
router.register("counties", views.CountyViewSet)
router.register("committees", views.CommitteeViewSet)
router.register("sessions", views.SessionViewSet)
router.register("documents", views.DocumentViewSet)
router.register("sections", views.SectionViewSet)
router.register("statistics", views.StatisticViewSet)

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's settings come as a script file (docs/?script), not an inline script: the CSP allows none.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="reports/api/swagger_ui.html"), name="docs"),
    # ReDoc's own page links Google Fonts; ours serves everything from the sidecar's static files.
    # ReDoc styles itself with <style> elements it writes at run time: that page allows inline styles.
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularRedocView.as_view(url_name="api:schema", template_name="reports/api/redoc.html")),
        name="redoc",
    ),
    path("coverage/", coverage.CoverageView.as_view(), name="coverage"),
    path("export/datapackage.zip", datapackage.datapackage, name="datapackage"),
    path("", include(router.urls)),
]
