"""Loaded by tests that put this folder on PYTHONPATH: any non-loopback connection fails the process.

It proves the product is offline: the hook sits under every library (httpx, requests, urllib3, the
huggingface hub, chromadb), because they all end in ``socket.connect``. Attempts are also written to
the file named by ``OFFLINE_GUARD_LOG`` so the test can show what was tried.
"""

import ipaddress
import os
import socket

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _check(address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(address, (str, bytes)) or host in ("localhost",):
        return  # a UNIX socket or the loopback name
    try:
        if ipaddress.ip_address(host.split("%")[0]).is_loopback:
            return
    except ValueError:
        pass  # a hostname: resolving it already means going out
    log = os.environ.get("OFFLINE_GUARD_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{address}\n")
    raise ConnectionRefusedError(f"offline guard: blocked a connection to {address!r}")


def connect(self, address):
    _check(address)
    return _connect(self, address)


def connect_ex(self, address):
    _check(address)
    return _connect_ex(self, address)


_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name not in (None, "localhost", "") and not _is_loopback_literal(name):
        _check((name, args[0] if args else None))
    return _getaddrinfo(host, *args, **kwargs)


def _is_loopback_literal(name):
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.getaddrinfo = getaddrinfo
