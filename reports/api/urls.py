"""API v1 routes (filled in by issue 4)."""
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response


@api_view(["GET"])
@permission_classes([AllowAny])
def root(request):
    return Response({})


urlpatterns = [path("", root, name="api-root")]
