"""Explorer routes: home, search, county, document and compare pages; every filter lives in the query string."""
from django.urls import path

from explorer import views

app_name = "explorer"
urlpatterns = [
    path("", views.page("home"), name="home"),
    path("search/", views.page("search"), name="search"),
    path("counties/<str:code>/", views.page("county"), name="county"),
    path("documents/<int:pk>/", views.page("document"), name="document"),
    path("compare/", views.page("compare"), name="compare"),
]
