"""The client's address, the same for every throttle (login lockout, public complaint form).

Behind a reverse proxy every request comes from the proxy, so the address is taken from the
`X-Forwarded-For` header, counting `PROXY_COUNT` entries from its right end: each trusted proxy
appends the address it received the request from, so the entry written by the outermost proxy
is the client. Anything to the left of it was written by the client itself and is ignored (a
forged header cannot choose the address). With `PROXY_COUNT = 0` (no proxy) the header is ignored.

IPv6 addresses are reduced to their /64 network: one household or one attacker usually holds a
whole /64, so counting single IPv6 addresses would let anyone rotate out of a limit.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address behind `settings.PROXY_COUNT` proxies (IPv6 as its /64 network)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64] or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def axes_client_ip(request: HttpRequest) -> str | None:
    """`AXES_CLIENT_IP_CALLABLE`: the client's address, or None when the request carries none
    that parses (e.g. `Client.force_login`, a gunicorn Unix socket without a proxy header):
    axes stores it in a `GenericIPAddressField`, which PostgreSQL checks."""
    address = client_ip(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address


def ratelimit_key(group: str, request: HttpRequest) -> str:
    """`key=` for django-ratelimit: the client's address."""
    return client_ip(request)
