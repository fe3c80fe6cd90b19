"""The client's address: the TCP peer, or, when the peer is a trusted proxy, the right-most
untrusted hop of X-Forwarded-For.

Why: rate limits and auth's login audit key on the address. Trusting X-Forwarded-For from
anyone lets a script claim a new address per request; ignoring it behind a proxy makes every
user share the proxy's address. Only the proxies in TRUSTED_PROXIES (CIDRs, none by
default) may speak for a client, and only the hops they appended count: walking the list
from the right, the first address that is not a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(spec: Iterable[str]) -> tuple[Network, ...]:
    """CIDRs (or single addresses); a bad entry fails start-up rather than trusting less."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec
                 if item.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(peer: str, forwarded_for: list[str], trusted: tuple[Network, ...]) -> str:
    """The address to attribute a request to (see the module docstring)."""
    def is_trusted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
        return addr is not None and any(addr in net for net in trusted)

    if not trusted or not is_trusted(_address(peer)):
        return peer
    hops = [hop for header in forwarded_for for hop in header.split(",")]
    for hop in reversed(hops):
        addr = _address(hop)
        if addr is None:  # garbage a trusted proxy passed through: stop at the proxy
            return peer
        if not is_trusted(addr):
            return str(addr)
        peer = str(addr)
    return peer  # every hop trusted: the left-most proxy is as far as we can see


class ClientAddressMiddleware:
    """Rewrites scope["client"] so request.client is the attributed address everywhere."""

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...] = ()) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            peer, port = scope.get("client") or ("unknown", 0)
            xff = [v.decode("latin-1") for k, v in scope.get("headers", ())
                   if k == b"x-forwarded-for"]
            scope = {**scope, "client": (client_address(peer, xff, self.trusted), port)}
        await self.app(scope, receive, send)
