"""The one-line verdict of a layered ping, from what each layer answered.

nothing answers (ICMP and TCP time out)        -> no_answer: switch / path / power
ping answers, TCP port silent                  -> port_silent
TCP refused (host up, nothing listening)       -> server_stopped
TCP up, protocol silent / garbled / refused    -> protocol_silent / protocol_error / ...
protocol up, Modbus exception                  -> modbus_exception
protocol up, program STOP / FAULT              -> program_stopped / program_fault
all up, answers slower than SLOW_MS            -> protocol_slow
"""

from __future__ import annotations

from app.diagnostics.results import LayerResult, Phrase, ProgramStatus, Verdict
from drivers.base import Value

SLOW_MS = 500.0
PROTOCOL_NAMES = {"opcua": "OPC UA", "modbus": "Modbus", "host": "TCP"}


def _ok(layer: LayerResult | None) -> bool:
    return layer is not None and layer.outcome in ("ok", "partial") and bool(layer.rtts_ms)


def _host_phrase(icmp: LayerResult | None, tcp: LayerResult | None) -> Phrase:
    if _ok(icmp) or _ok(tcp) or (tcp is not None and tcp.error_code == "refused"):
        return Phrase("host_reachable")
    if icmp is not None and icmp.outcome == "unavailable":
        return Phrase("host_unknown_no_icmp")
    return Phrase("host_silent")


def decide(
    protocol_name: str,
    icmp: LayerResult | None,
    tcp: LayerResult | None,
    proto: LayerResult | None,
    program: ProgramStatus | None,
    port: int | None,
) -> Verdict:
    name = PROTOCOL_NAMES.get(protocol_name, protocol_name)
    if any(layer is not None and layer.error_code == "dns" for layer in (icmp, tcp)):
        error = next(x.error for x in (icmp, tcp) if x is not None and x.error_code == "dns")
        return Verdict("dns", False, (Phrase("dns", {"error": error}),))
    host = _host_phrase(icmp, tcp)
    params: dict[str, Value] = {"protocol": name, "port": port}
    if tcp is not None and tcp.outcome == "failed":
        code = tcp.error_code or "error"
        if code == "refused":
            what = "port_refused" if protocol_name != "host" else "port_closed"
            return Verdict("server_stopped", False, (host, Phrase(what, params)))
        if code == "timeout":
            if _ok(icmp):
                return Verdict("port_silent", False, (host, Phrase("port_silent", params)))
            if icmp is not None and icmp.outcome == "unavailable":
                return Verdict("no_answer", False, (Phrase("tcp_silent_no_icmp", params),))
            return Verdict("no_answer", False, (Phrase("nothing_answers", params),))
        return Verdict("tcp_error", False, (host, Phrase("tcp_error", {"error": tcp.error})))
    if proto is None:
        if tcp is not None and _ok(tcp):
            return Verdict("ok", True, (host, Phrase("port_open", params)))
        if _ok(icmp):
            return Verdict("ok", True, (host,))
        if icmp is not None and icmp.outcome == "unavailable":
            return Verdict("not_tested", False, (Phrase("icmp_unavailable"),))
        return Verdict("no_answer", False, (Phrase("host_silent"),))
    if not _ok(proto):
        code = proto.error_code or "error"
        params["error"] = proto.error
        if code == "untrusted_certificate":
            params["thumbprint"] = proto.details.get("thumbprint")
            return Verdict("cert_untrusted", False, (host, Phrase("cert_untrusted", params)))
        if code == "auth_failed":
            return Verdict("auth_failed", False, (host, Phrase("auth_failed", params)))
        if code == "timeout":
            return Verdict("protocol_silent", False, (host, Phrase("protocol_silent", params)))
        if code == "refused":
            return Verdict("server_stopped", False, (host, Phrase("port_refused", params)))
        return Verdict("protocol_error", False, (host, Phrase("protocol_error", params)))
    phrases = [host]
    code = "ok"
    if proto.error_code and proto.error_code.startswith("modbus_exception"):
        params["error"] = proto.error
        phrases.append(Phrase("modbus_exception", params))
        code = "modbus_exception"
    elif proto.error_code:
        params["error"] = proto.error
        phrases.append(Phrase("protocol_error", params))
        code = "protocol_error"
    elif (proto.rtt_avg or 0.0) > SLOW_MS:
        phrases.append(Phrase("protocol_slow", {**params, "avg_ms": proto.rtt_avg}))
        code = "protocol_slow"
    else:
        phrases.append(Phrase("protocol_up", params))
    if program is not None:
        phrase, program_code = _program_phrase(program)
        phrases.append(phrase)
        if program_code and code in ("ok", "protocol_slow"):
            code = program_code
        change = program.fact("last_change")
        if change is not None and change.status == "ok" and change.value is not None:
            phrases.append(Phrase("last_change", {"when": change.value}))
    return Verdict(code, True, tuple(phrases))


def _program_phrase(program: ProgramStatus) -> tuple[Phrase, str | None]:
    since = program.since.isoformat() if program.since else None
    state = program.run_state
    if state is None:
        return Phrase("program_unknown"), None
    if state == "FAULT":
        text = program.fault_text
        params: dict[str, Value] = {"since": since, "code": _hex(program.fault_code)}
        params.update({f"text_{k}": v for k, v in text.items()})
        return Phrase("program_fault", params), "program_fault"
    if state == "STOP":
        return Phrase("program_stopped", {"since": since}), "program_stopped"
    return Phrase("program_state", {"state": state, "since": since}), None


def _hex(code: int | None) -> str | None:
    return f"0x{code:02X}" if code is not None else None
