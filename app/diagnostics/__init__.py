"""Remote diagnostics of a CI or endpoint: layered ping, program status, OPC UA server
budget, browse and read. Read-only, time-bounded, cancellable, audited.

`DiagnosticsCore` (asyncio) runs them; `app.diagnostics.service.DiagnosticsService` wraps it
for the window; `report` renders results (en/de) and the incident work note.
"""
