"""Incident views: the list (bottom dock), the detail dialog, the notification toast.

All of them are thin over `app.incidents.qt_service.IncidentServiceQt`: they read
heads and states from its `service` and refresh on its signals.
"""
