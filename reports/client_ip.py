"""The client's address, for throttling and login lockouts: ``X-Forwarded-For`` believed only from a trusted proxy.

``TRUSTED_PROXIES`` (settings, from the environment) lists the networks of the
proxies in front of the app. A request whose peer (``REMOTE_ADDR``) is not in
them is identified by that peer alone, whatever ``X-Forwarded-For`` it sends,
so a client cannot pick a new identity per request. From a trusted proxy the
header is read right to left, skipping the trusted hops: the first address not
in ``TRUSTED_PROXIES`` is the client (what the nearest untrusted hop connected
from; anything further left it could have written itself). DRF's
``NUM_PROXIES`` counts hops but cannot tell a proxy from a client that sends
the header directly, hence this.
"""
import functools
import ipaddress

from django.conf import settings


@functools.cache
def _networks(cidrs: tuple[str, ...]):
    return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def trusted(address) -> bool:
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str:
    """The address throttles and lockouts count against."""
    peer = request.META.get("REMOTE_ADDR", "")
    client = _address(peer)
    if not trusted(client):
        return peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage written by someone: stay with the last hop a trusted proxy vouched for
        client = address
        if not trusted(address):
            break
    return str(client)
