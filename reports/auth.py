"""Authentication backends: django-axes's lockout check, for logins that come with a request."""
from axes.backends import AxesStandaloneBackend


class AxesBackend(AxesStandaloneBackend):
    """Axes refuses a locked-out address; a call without a request (``client.login``, scripts) has no address to check."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
