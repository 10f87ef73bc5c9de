"""ICMP echo over asyncio, where the OS allows it: a raw socket as root, or an unprivileged
datagram ICMP socket when net.ipv4.ping_group_range includes the user's group."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
import time

_ECHO_REQUEST = 8
_ECHO_REPLY = 0


class IcmpUnavailable(OSError):
    """Neither a raw nor a datagram ICMP socket may be opened here."""


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return int(~total & 0xFFFF)


def open_socket() -> tuple[socket.socket, bool]:
    """(socket, is_raw). Raises IcmpUnavailable."""
    for kind, raw in ((socket.SOCK_DGRAM, False), (socket.SOCK_RAW, True)):
        try:
            sock = socket.socket(socket.AF_INET, kind, socket.IPPROTO_ICMP)
        except OSError:
            continue
        sock.setblocking(False)
        return sock, raw
    raise IcmpUnavailable("ICMP not permitted (no raw socket, ping_group_range excludes us)")


def available() -> bool:
    try:
        sock, _raw = open_socket()
    except IcmpUnavailable:
        return False
    sock.close()
    return True


async def echo(host: str, timeout_s: float) -> float:
    """Round-trip time in ms of one echo; TimeoutError when no reply; IcmpUnavailable."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, None, family=socket.AF_INET)
    address = infos[0][4][0]
    sock, raw = open_socket()
    ident = (os.getpid() ^ id(sock)) & 0xFFFF
    seq = int(time.monotonic() * 1000) & 0xFFFF
    payload = b"plantconsole"
    header = struct.pack("!BBHHH", _ECHO_REQUEST, 0, 0, ident, seq)
    packet = struct.pack("!BBHHH", _ECHO_REQUEST, 0, _checksum(header + payload), ident, seq)
    try:
        start = time.perf_counter()
        await loop.sock_sendto(sock, packet + payload, (address, 0))
        async with asyncio.timeout(timeout_s):
            while True:
                data, peer = await loop.sock_recvfrom(sock, 2048)
                if raw:  # a raw socket sees every ICMP packet, IP header included
                    data = data[(data[0] & 0x0F) * 4 :]
                if len(data) < 8 or peer[0] != address:
                    continue
                kind, _code, _sum, rid, rseq = struct.unpack("!BBHHH", data[:8])
                if kind == _ECHO_REPLY and rseq == seq and (rid == ident or not raw):
                    return (time.perf_counter() - start) * 1000.0
    finally:
        with contextlib.suppress(OSError):
            sock.close()
