"""Incidents in the console: the service views and commands use, auto-raise, handover.

`IncidentService` (plain Python) does every user action as one store transaction;
`AutoRaiser` turns health transitions into incidents; `IncidentServiceQt` is the thin
QObject the views connect to.
"""
