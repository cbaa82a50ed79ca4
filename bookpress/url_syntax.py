"""URL syntax: a link target written as RFC 3986 wants it (percent-encoding, IDNA hosts), or
why it cannot be (:class:`UrlError`: on the author's computer, or not a URL at all).

Plain string work, used by the ``urls`` transform and by the HTML writer for
links it makes itself.
"""

from __future__ import annotations

import ipaddress
import re

_UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
_SUB_DELIMS = "!$&'()*+,;="
_PCHAR = _UNRESERVED + _SUB_DELIMS + ":@"
_PATH = frozenset(_PCHAR + "/")
_QUERY = frozenset(_PCHAR + "/?")
_USERINFO = frozenset(_UNRESERVED + _SUB_DELIMS + ":")
_HEX = frozenset("0123456789abcdefABCDEF")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$", re.S)
# Schemes whose URLs always name a host (WHATWG's "special" schemes).
_NEEDS_HOST = frozenset({"http", "https", "ftp", "ws", "wss"})
_LABEL = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?$")
# WHATWG drops ASCII tabs and newlines anywhere in a URL, and C0 controls and
# spaces at its ends.
_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")

LOCAL = "local"
INVALID = "invalid"


class UrlError(ValueError):
    """Why a link target cannot be made a valid URL; ``kind`` is LOCAL or INVALID."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind


def valid_url(url: str) -> str:
    """``url`` written as a valid URL; :class:`UrlError` when it cannot be."""
    url = url.translate(_TAB_NEWLINE).strip("".join(map(chr, range(0x21))))
    if url.startswith("//"):
        url = "https:" + url
    match = _SCHEME.match(url)
    if match is None:
        return _encode_reference(url)
    scheme, rest = match.group(1).lower(), match.group(2)
    if len(scheme) == 1:  # C:\Users\… is a Windows path, not a URL
        raise UrlError(LOCAL, "a path on the author's computer")
    if scheme == "file":
        raise UrlError(LOCAL, "a file on the author's computer")
    if not rest.startswith("//"):
        if scheme in _NEEDS_HOST:
            raise UrlError(INVALID, f"a {scheme}: URL needs '//' and a host")
        return f"{scheme}:{_encode_reference(rest)}"
    authority, tail = _split_authority(rest[2:])
    host = _authority(authority, scheme)
    return f"{scheme}://{host}{_encode_reference(tail)}"


def _split_authority(text: str) -> tuple[str, str]:
    end = len(text)
    for stop in "/?#":
        at = text.find(stop)
        if at != -1:
            end = min(end, at)
    return text[:end], text[end:]


def _authority(authority: str, scheme: str) -> str:
    userinfo, at, hostport = authority.rpartition("@")
    user = _encode(userinfo, _USERINFO) + "@" if at else ""
    if hostport.startswith("["):
        host, bracket, port = hostport[1:].partition("]")
        try:
            ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            raise UrlError(INVALID, f"'{hostport}' is not an IPv6 address") from None
        host = f"[{host}]"
        if not bracket or (port and not port.startswith(":")):
            raise UrlError(INVALID, f"'{hostport}' is not an IPv6 address")
        port = port[1:]
    else:
        host, _, port = hostport.partition(":")
        host = _hostname(host, scheme)
    if port:
        if not port.isascii() or not port.isdigit() or int(port) > 65535:
            raise UrlError(INVALID, f"port '{port}' is not a number from 0 to 65535")
        port = f":{int(port)}"
    return f"{user}{host}{port}"


def _hostname(host: str, scheme: str) -> str:
    if not host:
        if scheme in _NEEDS_HOST:
            raise UrlError(INVALID, "no host name")
        return ""
    name = host.lower().rstrip(".")
    if not name.isascii():
        try:
            name = name.encode("idna").decode("ascii")
        except UnicodeError:
            raise UrlError(INVALID, f"'{host}' is not a valid host name") from None
    if not name or not all(_LABEL.match(label) for label in name.split(".")):
        raise UrlError(INVALID, f"'{host}' is not a valid host name")
    return name


def _encode_reference(text: str) -> str:
    """A path with its query and fragment, each part percent-encoded."""
    text, hash_, fragment = text.partition("#")
    path, question, query = text.partition("?")
    out = _encode(path, _PATH)
    if question:
        out += "?" + _encode(query, _QUERY)
    if hash_:
        out += "#" + _encode(fragment, _QUERY)
    return out


def _encode(text: str, safe: frozenset[str]) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in safe or (ch == "%" and text[i + 1 : i + 2] in _HEX and text[i + 2 : i + 3] in _HEX):
            out.append(ch)
        else:
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)
