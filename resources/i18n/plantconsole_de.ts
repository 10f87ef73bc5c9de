<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_GB">
<context>
    <name>BrowsePanel</name>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="38"/>
        <source>Browse: select an OPC UA CI and press Ctrl+B</source>
        <translation>Durchsuchen: ein OPC-UA-CI wählen und Strg+B drücken</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="48"/>
        <source>Attribute</source>
        <translation>Attribut</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="48"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="48"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="66"/>
        <source>Browse: %1 (read-only)</source>
        <translation>Durchsuchen: %1 (nur lesen)</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="76"/>
        <source>Loading the address space…</source>
        <translation>Adressraum wird geladen…</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="78"/>
        <source>Browse failed: %1</source>
        <translation>Durchsuchen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="80"/>
        <source>No nodes below Objects</source>
        <translation>Keine Knoten unter Objects</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="98"/>
        <source>reading %1…</source>
        <translation>%1 wird gelesen…</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_panel.py" line="106"/>
        <source>read failed: %1</source>
        <translation>Lesen fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>BrowseTreeModel</name>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="45"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="46"/>
        <source>Class</source>
        <translation>Klasse</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="47"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="48"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="49"/>
        <source>Node id</source>
        <translation>Node-ID</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="203"/>
        <source> (loading…)</source>
        <translation> (wird geladen…)</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/browse_model.py" line="204"/>
        <source> (browse failed)</source>
        <translation> (Durchsuchen fehlgeschlagen)</translation>
    </message>
</context>
<context>
    <name>CiActions</name>
    <message>
        <location filename="../../widgets/ci_actions.py" line="42"/>
        <source>Diagnose (Ping)</source>
        <translation>Diagnose (Ping)</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="48"/>
        <source>Program status</source>
        <translation>Programmstatus</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="53"/>
        <source>Browse</source>
        <translation>Durchsuchen</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="60"/>
        <source>Raise incident</source>
        <translation>Störfall melden</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="61"/>
        <source>Open incidents</source>
        <translation>Offene Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="55"/>
        <source>Impact analysis</source>
        <translation>Auswirkungsanalyse</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="62"/>
        <source>Shelve…</source>
        <translation>Zurückstellen…</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="63"/>
        <source>Plan maintenance…</source>
        <translation>Wartung planen…</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="65"/>
        <source>Not available: this console has no incident store</source>
        <translation>Nicht verfügbar: diese Konsole hat keinen Störfallspeicher</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="134"/>
        <source>Trend tag...</source>
        <translation>Messwert als Trend…</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="192"/>
        <source>Diagnostics: select a CI first</source>
        <translation>Diagnose: zuerst ein CI auswählen</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="196"/>
        <source>%1 has no endpoint of its own: nothing to diagnose</source>
        <translation>%1 hat keinen eigenen Endpunkt: nichts zu diagnostizieren</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="210"/>
        <source>Select a CI first</source>
        <translation>Zuerst ein CI auswählen</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="223"/>
        <source>Impact analysis: select a CI first</source>
        <translation>Auswirkungsanalyse: zuerst ein CI auswählen</translation>
    </message>
</context>
<context>
    <name>CiIncidents</name>
    <message>
        <location filename="../../widgets/incidents/ci_incidents.py" line="114"/>
        <source>Show all</source>
        <translation>Alle anzeigen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/ci_incidents.py" line="156"/>
        <source>Incident %1 raised</source>
        <translation>Störfall %1 gemeldet</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/ci_incidents.py" line="181"/>
        <source>No open incidents on %1 or the CIs under it</source>
        <translation>Keine offenen Störfälle an %1 oder den CIs darunter</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/ci_incidents.py" line="248"/>
        <source>Incidents of %1 and the CIs under it: %2 shown</source>
        <translation>Störfälle von %1 und den CIs darunter: %2 angezeigt</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <location filename="../../app/session.py" line="59"/>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="60"/>
        <source>Raise incident</source>
        <translation>Störfall melden</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="61"/>
        <source>Acknowledge</source>
        <translation>Quittieren</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="62"/>
        <source>Assign</source>
        <translation>Zuweisen</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="63"/>
        <source>On site</source>
        <translation>Vor Ort</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="64"/>
        <source>Hold</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="65"/>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="66"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="67"/>
        <source>Link problem</source>
        <translation>Problem verknüpfen</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="68"/>
        <source>Resolve</source>
        <translation>Beheben</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="69"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="70"/>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="71"/>
        <source>Duplicate</source>
        <translation>Duplikat</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="72"/>
        <source>Shelve</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="73"/>
        <source>Maintenance window</source>
        <translation>Wartungsfenster</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="74"/>
        <source>Review updated</source>
        <translation>Nachbetrachtung ändern</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="75"/>
        <source>Problem updated</source>
        <translation>Problem ändern</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="78"/>
        <source>viewer</source>
        <translation>Betrachter</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="79"/>
        <source>technician</source>
        <translation>Techniker</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="80"/>
        <source>supervisor</source>
        <translation>Schichtleiter</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="81"/>
        <source>admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="169"/>
        <source>the offline login of %1 expired: log in again</source>
        <translation>die Offline-Anmeldung von %1 ist abgelaufen: bitte neu anmelden</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="193"/>
        <source>%1: log in as a %2 or above (File &gt; Log in…)</source>
        <translation>%1: als %2 oder höher anmelden (Datei &gt; Anmelden…)</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="195"/>
        <source>%1: needs a %2 or above; %3 is logged in as %4</source>
        <translation>%1: erfordert %2 oder höher; %3 ist als %4 angemeldet</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="218"/>
        <source>local: %1</source>
        <translation>lokal: %1</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="222"/>
        <source>not logged in (%1)</source>
        <translation>nicht angemeldet (%1)</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="223"/>
        <source>not logged in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="227"/>
        <source>no role at this site</source>
        <translation>keine Rolle an diesem Standort</translation>
    </message>
    <message>
        <location filename="../../app/session.py" line="231"/>
        <source>, offline login, valid until %1</source>
        <translation>, Offline-Anmeldung, gültig bis %1</translation>
    </message>
</context>
<context>
    <name>ConsoleStatusBar</name>
    <message>
        <location filename="../../widgets/status_bar.py" line="30"/>
        <location filename="../../widgets/status_bar.py" line="98"/>
        <source>STALE — this console has lost its path to the plant</source>
        <translation>VERALTET — diese Konsole hat keine Verbindung zur Anlage</translation>
    </message>
    <message>
        <location filename="../../widgets/status_bar.py" line="68"/>
        <source>connections: %1</source>
        <translation>Verbindungen: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/status_bar.py" line="68"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../widgets/status_bar.py" line="90"/>
        <source>No central server: this console works locally</source>
        <translation>Kein zentraler Server: diese Konsole arbeitet lokal</translation>
    </message>
    <message>
        <location filename="../../widgets/status_bar.py" line="92"/>
        <source>Log in as another user (File &gt; Log in…)</source>
        <translation>Als anderer Benutzer anmelden (Datei &gt; Anmelden…)</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../../widgets/details_panel.py" line="113"/>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="114"/>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="115"/>
        <source>Live values</source>
        <translation>Live-Werte</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="117"/>
        <source>Depends on</source>
        <translation>Hängt ab von</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="118"/>
        <source>Used by</source>
        <translation>Verwendet von</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="119"/>
        <source>State history (this shift)</source>
        <translation>Zustandsverlauf (diese Schicht)</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="120"/>
        <source>Down under this line:</source>
        <translation>Ausgefallen in dieser Linie:</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="179"/>
        <source>Select a CI in the tree or the diagram</source>
        <translation>Wählen Sie ein CI im Baum oder im Diagramm</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="189"/>
        <source>%1 since %2</source>
        <translation>%1 seit %2</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="197"/>
        <source>nothing is down</source>
        <translation>nichts ausgefallen</translation>
    </message>
    <message>
        <location filename="../../widgets/details_panel.py" line="215"/>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="56"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="59"/>
        <source>Vendor / model</source>
        <translation>Hersteller / Modell</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="61"/>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="63"/>
        <source>Firmware</source>
        <translation>Firmware</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="65"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="69"/>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="72"/>
        <source>Link</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="81"/>
        <source>Cost per hour</source>
        <translation>Kosten pro Stunde</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="82"/>
        <source>Units per shift</source>
        <translation>Stück pro Schicht</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="83"/>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <location filename="../../widgets/details_text.py" line="84"/>
        <source>Shifts</source>
        <translation>Schichten</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPanel</name>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="33"/>
        <source>Attach to incident needs the incident store (it is still opening, or this console runs without one)</source>
        <translation>An Störfall anhängen braucht den Störfallspeicher (er wird noch geöffnet, oder diese Konsole läuft ohne ihn)</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="38"/>
        <source>Add this report as a work note to the incident of this CI</source>
        <translation>Diesen Bericht als Arbeitsnotiz an den Störfall dieses CI anhängen</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="58"/>
        <source>Select a CI, then Ping (Ctrl+P)</source>
        <translation>CI wählen, dann Ping (Strg+P)</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="64"/>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="65"/>
        <source>Program status</source>
        <translation>Programmstatus</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="66"/>
        <source>Server budget</source>
        <translation>Server-Limits</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="72"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="75"/>
        <source>Attach to incident</source>
        <translation>An Störfall anhängen</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="87"/>
        <source>Report</source>
        <translation>Bericht</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="88"/>
        <source>Browse</source>
        <translation>Durchsuchen</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="127"/>
        <source>Select a CI first</source>
        <translation>Zuerst ein CI auswählen</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="136"/>
        <source>A diagnostic is still running: cancel it or wait</source>
        <translation>Eine Diagnose läuft noch: abbrechen oder warten</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="153"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="158"/>
        <source>Attached to the incident of %1</source>
        <translation>An den Störfall von %1 angehängt</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="167"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <location filename="../../widgets/diagnostics/panel.py" line="179"/>
        <source>%1: %2 in %3 s</source>
        <translation>%1: %2 in %3 s</translation>
    </message>
</context>
<context>
    <name>HandoverView</name>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="47"/>
        <source>current</source>
        <translation>aktuelle</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="87"/>
        <source>Shift handover</source>
        <translation>Schichtübergabe</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="88"/>
        <source>&amp;Shift</source>
        <translation>&amp;Schicht</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="89"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="90"/>
        <source>Export &amp;HTML…</source>
        <translation>Als &amp;HTML exportieren…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="91"/>
        <source>Export &amp;PDF…</source>
        <translation>Als &amp;PDF exportieren…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="92"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="135"/>
        <source>Export handover as HTML</source>
        <translation>Schichtübergabe als HTML exportieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="142"/>
        <source>Export handover as PDF</source>
        <translation>Schichtübergabe als PDF exportieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="149"/>
        <source>Saved {path}</source>
        <translation>Gespeichert: {path}</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/handover_view.py" line="155"/>
        <source>Not saved: {path}: {error}</source>
        <translation>Nicht gespeichert: {path}: {error}</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../widgets/header_bar.py" line="50"/>
        <source>No incident service in this console</source>
        <translation>Keine Störfallverwaltung in dieser Konsole</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="92"/>
        <source>plant: %1</source>
        <translation>Werk: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="110"/>
        <source>1 line at risk</source>
        <translation>1 Linie gefährdet</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="110"/>
        <source>%1 lines at risk</source>
        <translation>%1 Linien gefährdet</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="113"/>
        <source>Stopped: %1</source>
        <translation>Stillstand: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="118"/>
        <source>the line is running</source>
        <translation>die Linie läuft</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="118"/>
        <source>all %1 lines running</source>
        <translation>alle %1 Linien laufen</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="139"/>
        <source>(%1 not acknowledged)</source>
        <translation>(%1 nicht quittiert)</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="146"/>
        <source>No open P1 incident</source>
        <translation>Kein offener P1-Störfall</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="156"/>
        <source>This console keeps its incidents locally only</source>
        <translation>Diese Konsole speichert ihre Störfälle nur lokal</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="161"/>
        <source>last sync %1</source>
        <translation>letzte Synchronisation %1</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="164"/>
        <source>1 event waiting to upload</source>
        <translation>1 Ereignis wartet auf Übertragung</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="166"/>
        <source>%1 events waiting to upload</source>
        <translation>%1 Ereignisse warten auf Übertragung</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="170"/>
        <source>last error: %1</source>
        <translation>letzter Fehler: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="174"/>
        <source>1 event rejected by the server</source>
        <translation>1 Ereignis vom Server abgelehnt</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="176"/>
        <source>%1 events rejected by the server</source>
        <translation>%1 Ereignisse vom Server abgelehnt</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="194"/>
        <source>plant file differs from the server&apos;s (version %1)</source>
        <translation>Anlagendatei weicht vom Server ab (Version %1)</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="197"/>
        <source>This console&apos;s plant file %1 is not the one the server holds.</source>
        <translation>Die Anlagendatei %1 dieser Konsole ist nicht die des Servers.</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="200"/>
        <source>Server: version %1, SHA-256 %2</source>
        <translation>Server: Version %1, SHA-256 %2</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="205"/>
        <source>uploaded by %1</source>
        <translation>hochgeladen von %1</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="208"/>
        <source>Machines, lines and costs may not match the other consoles: ask plant IT for the current plant file.</source>
        <translation>Maschinen, Linien und Kosten passen eventuell nicht zu den anderen Konsolen: aktuelle Anlagendatei bei der Werks-IT anfordern.</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="221"/>
        <source>1 rejected</source>
        <translation>1 abgelehnt</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="221"/>
        <source>%1 rejected</source>
        <translation>%1 abgelehnt</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="224"/>
        <source>Events the server refused: click for their reasons</source>
        <translation>Vom Server abgelehnte Ereignisse: klicken für die Gründe</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="245"/>
        <source>sync: local only</source>
        <translation>Sync: nur lokal</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="247"/>
        <source>sync: paused</source>
        <translation>Sync: angehalten</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="250"/>
        <source>sync: catching up (%1 of %2)</source>
        <translation>Sync: holt auf (%1 von %2)</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="255"/>
        <source>sync: online</source>
        <translation>Sync: online</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="257"/>
        <source>sync: connecting</source>
        <translation>Sync: verbindet</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="259"/>
        <source>sync: offline (waiting)</source>
        <translation>Sync: offline (wartet)</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="260"/>
        <source>sync: offline (%1 waiting)</source>
        <translation>Sync: offline (%1 wartend)</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="264"/>
        <source>data: STALE</source>
        <translation>Daten: VERALTET</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="269"/>
        <source>data: live</source>
        <translation>Daten: live</translation>
    </message>
</context>
<context>
    <name>ImpactDialog</name>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="25"/>
        <source>Impact analysis - %1</source>
        <translation>Auswirkungsanalyse - %1</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="28"/>
        <source>If %1 fails:</source>
        <translation>Wenn %1 ausfällt:</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="32"/>
        <source>no line stops</source>
        <translation>keine Linie steht</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="33"/>
        <source>Lines stopped:</source>
        <translation>Linien im Stillstand:</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="35"/>
        <source>Lines degraded:</source>
        <translation>Linien beeinträchtigt:</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="37"/>
        <source>%1 units per shift</source>
        <translation>%1 Stück pro Schicht</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="39"/>
        <source>Production lost:</source>
        <translation>Produktionsausfall:</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="41"/>
        <source>Cost at risk:</source>
        <translation>Gefährdete Kosten:</translation>
    </message>
    <message>
        <location filename="../../widgets/impact_dialog.py" line="45"/>
        <source>%1 CIs behind it stop answering:</source>
        <translation>%1 CIs dahinter antworten nicht mehr:</translation>
    </message>
</context>
<context>
    <name>IncidentConsole</name>
    <message>
        <location filename="../../widgets/incidents/console.py" line="117"/>
        <source>&amp;Incidents</source>
        <translation>&amp;Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="118"/>
        <source>&amp;Acknowledge the top P1/P2</source>
        <translation>Obersten P1/P2 &amp;quittieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="119"/>
        <source>&amp;Shelve alarms of a CI…</source>
        <translation>Alarme eines CI &amp;zurückstellen…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="120"/>
        <source>&amp;Maintenance windows…</source>
        <translation>&amp;Wartungsfenster…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="121"/>
        <source>&amp;Problems…</source>
        <translation>&amp;Probleme…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="122"/>
        <source>Shift &amp;handover…</source>
        <translation>&amp;Schichtübergabe…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="123"/>
        <source>Sound for new P1/P2</source>
        <translation>Ton bei neuen P1/P2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="124"/>
        <source>Post-incident &amp;review of the selected incident</source>
        <translation>&amp;Nachbetrachtung des ausgewählten Störfalls</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="125"/>
        <source>Unacknowledged incidents</source>
        <translation>Nicht quittierte Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="161"/>
        <source>The sound setting could not be saved: %1</source>
        <translation>Die Toneinstellung konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="178"/>
        <source>No unacknowledged P1/P2 incident</source>
        <translation>Kein nicht quittierter P1/P2-Störfall</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/console.py" line="222"/>
        <source>Review: select an incident in the list first</source>
        <translation>Nachbetrachtung: zuerst einen Störfall in der Liste auswählen</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="48"/>
        <source>Acknowledge</source>
        <translation>Quittieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="49"/>
        <source>Assign…</source>
        <translation>Zuweisen…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="50"/>
        <location filename="../../widgets/incidents/detail.py" line="240"/>
        <source>Technician on site</source>
        <translation>Techniker vor Ort</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="51"/>
        <source>On hold…</source>
        <translation>Anhalten…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="52"/>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="53"/>
        <source>Add note…</source>
        <translation>Notiz hinzufügen…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="54"/>
        <source>Link problem…</source>
        <translation>Problem verknüpfen…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="55"/>
        <source>Resolve…</source>
        <translation>Beheben…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="56"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="57"/>
        <source>Reopen…</source>
        <translation>Wieder öffnen…</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="95"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="96"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="97"/>
        <source>Root cause</source>
        <translation>Ursache</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="98"/>
        <source>Lines</source>
        <translation>Linien</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="99"/>
        <source>Cost so far</source>
        <translation>Kosten bisher</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="100"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="101"/>
        <source>Assigned to</source>
        <translation>Zugewiesen an</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="113"/>
        <source>Timeline</source>
        <translation>Zeitverlauf</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="114"/>
        <source>Work notes and comments</source>
        <translation>Arbeitsnotizen und Kommentare</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="115"/>
        <source>Related CIs (click: show in tree and diagram)</source>
        <translation>Betroffene CIs (Klick: im Baum und Diagramm zeigen)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="155"/>
        <source>Incident %1 - %2</source>
        <translation>Störfall %1 - %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="158"/>
        <source>%1 (impact %2, urgency %3)</source>
        <translation>%1 (Auswirkung %2, Dringlichkeit %3)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="162"/>
        <source> - not acknowledged</source>
        <translation> - nicht quittiert</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="166"/>
        <source>none stopped</source>
        <translation>keine im Stillstand</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="169"/>
        <source>nobody</source>
        <translation>niemand</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="202"/>
        <source>(%1 units lost)</source>
        <translation>(%1 Stück verloren)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="233"/>
        <source>Assign</source>
        <translation>Zuweisen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="233"/>
        <source>Assign to:</source>
        <translation>Zuweisen an:</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="240"/>
        <source>Technician (optional):</source>
        <translation>Techniker (optional):</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="246"/>
        <source>On hold</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="246"/>
        <source>Why is it on hold?</source>
        <translation>Warum wird er angehalten?</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="257"/>
        <source>An empty note is not saved.</source>
        <translation>Eine leere Notiz wird nicht gespeichert.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="263"/>
        <source>Link problem</source>
        <translation>Problem verknüpfen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="263"/>
        <source>Problem id (empty: unlink):</source>
        <translation>Problem-ID (leer: Verknüpfung lösen):</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="280"/>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="280"/>
        <source>Why reopen it?</source>
        <translation>Warum wieder öffnen?</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="293"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="297"/>
        <source>The action failed: %1</source>
        <translation>Die Aktion ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/detail.py" line="308"/>
        <source>Incident action</source>
        <translation>Störfall-Aktion</translation>
    </message>
</context>
<context>
    <name>IncidentListModel</name>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="90"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="91"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="92"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="93"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="94"/>
        <source>Lines</source>
        <translation>Linien</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="95"/>
        <source>Cost so far</source>
        <translation>Kosten bisher</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="96"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="97"/>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="357"/>
        <source>duplicates: %1</source>
        <translation>Duplikate: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="362"/>
        <source>Duplicate of %1</source>
        <translation>Duplikat von %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="366"/>
        <source> - not acknowledged</source>
        <translation> - nicht quittiert</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="394"/>
        <source>Same stop as %1, raised later: its cost, SLA and notes count on %1 (its own state: %2)</source>
        <translation>Derselbe Stillstand wie %1, später gemeldet: Kosten, SLA und Notizen zählen bei %1 (eigener Status: %2)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="406"/>
        <source>%1, not acknowledged yet</source>
        <translation>%1, noch nicht quittiert</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="409"/>
        <source>root cause: %1</source>
        <translation>Ursache: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_model.py" line="412"/>
        <source>%1 while the lines stand</source>
        <translation>%1 während die Linien stehen</translation>
    </message>
</context>
<context>
    <name>IncidentListView</name>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="63"/>
        <location filename="../../widgets/incidents/list_view.py" line="170"/>
        <source>Open only</source>
        <translation>Nur offene</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="152"/>
        <source>%1 of %2 incidents</source>
        <translation>%1 von %2 Störfällen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="157"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="158"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="159"/>
        <source>Line</source>
        <translation>Linie</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="160"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="161"/>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="190"/>
        <source>Alarm flood: %1 new incidents in %2 min - single notifications paused; work the list by priority</source>
        <translation>Alarmflut: %1 neue Störfälle in %2 min - Einzelmeldungen pausiert; Liste nach Priorität abarbeiten</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="213"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="241"/>
        <source>breached</source>
        <translation>verletzt</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="242"/>
        <source>warning (75 %)</source>
        <translation>Warnung (75 %)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="243"/>
        <source>within target</source>
        <translation>im Ziel</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="246"/>
        <source>last hour</source>
        <translation>letzte Stunde</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="247"/>
        <source>this shift</source>
        <translation>diese Schicht</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="248"/>
        <source>last 24 h</source>
        <translation>letzte 24 h</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="249"/>
        <source>older than 24 h</source>
        <translation>älter als 24 h</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/list_view.py" line="256"/>
        <source>any</source>
        <translation>alle</translation>
    </message>
</context>
<context>
    <name>IncidentStrip</name>
    <message>
        <location filename="../../widgets/incidents/strip.py" line="158"/>
        <source>+{n} more not acknowledged: see the incident list</source>
        <translation>+{n} weitere nicht quittiert: siehe Störfallliste</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/strip.py" line="173"/>
        <source>{eur} so far</source>
        <translation>bisher {eur}</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/strip.py" line="205"/>
        <source>Not saved: {error}</source>
        <translation>Nicht gespeichert: {error}</translation>
    </message>
</context>
<context>
    <name>IncidentTexts</name>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="17"/>
        <source>ack</source>
        <translation>Quitt.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="18"/>
        <source>on site</source>
        <translation>vor Ort</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="19"/>
        <source>resolve</source>
        <translation>Behebung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="22"/>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="23"/>
        <source>Acknowledged</source>
        <translation>Quittiert</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="24"/>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="25"/>
        <source>On hold</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="26"/>
        <source>Resolved</source>
        <translation>Behoben</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="27"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="59"/>
        <source>BREACHED %1</source>
        <translation>ÜBERSCHRITTEN %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="61"/>
        <source>%1 %2 left</source>
        <translation>%1 noch %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="63"/>
        <source> (paused)</source>
        <translation> (pausiert)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="71"/>
        <source>%1: breached (%2 of %3)</source>
        <translation>%1: überschritten (%2 von %3)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="73"/>
        <source>%1: met (%2 of %3)</source>
        <translation>%1: eingehalten (%2 von %3)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="81"/>
        <source>%1: BREACHED, overdue %2</source>
        <translation>%1: ÜBERSCHRITTEN, überfällig %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="85"/>
        <source> (75 % used)</source>
        <translation> (75 % verbraucht)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="86"/>
        <source> (paused: on hold)</source>
        <translation> (pausiert: angehalten)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/texts.py" line="88"/>
        <source>%1: %2 left</source>
        <translation>%1: noch %2</translation>
    </message>
</context>
<context>
    <name>IncidentTimeline</name>
    <message>
        <location filename="../../widgets/incidents/timeline.py" line="33"/>
        <source>[no effect] </source>
        <translation>[ohne Wirkung] </translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/timeline.py" line="34"/>
        <source>[overridden] </source>
        <translation>[überschrieben] </translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/timeline.py" line="35"/>
        <source>[newer event] </source>
        <translation>[neueres Ereignis] </translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/timeline.py" line="38"/>
        <source>work note</source>
        <translation>Arbeitsnotiz</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/timeline.py" line="39"/>
        <source>diagnostic</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/timeline.py" line="41"/>
        <source>comment</source>
        <translation>Kommentar</translation>
    </message>
</context>
<context>
    <name>IncidentToast</name>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="108"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="109"/>
        <source>Acknowledge</source>
        <translation>Quittieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="110"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="155"/>
        <source>   (+%1 more)</source>
        <translation>   (+%1 weitere)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="156"/>
        <source> - %1 line(s), %2</source>
        <translation> - %1 Linie(n), %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="158"/>
        <source>NEW %1</source>
        <translation>NEU %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="166"/>
        <source>everyone (no notify rule for this area)</source>
        <translation>alle (keine Benachrichtigungsregel für diesen Bereich)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="168"/>
        <source>for: %1</source>
        <translation>für: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/toast.py" line="189"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message>
        <location filename="../../widgets/login_dialog.py" line="299"/>
        <source>Log &amp;in…</source>
        <translation>&amp;Anmelden…</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="302"/>
        <source>Log &amp;out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="341"/>
        <source>Automatic login failed: %1</source>
        <translation>Automatische Anmeldung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../widgets/login_dialog.py" line="90"/>
        <source>Log in — PlantConsole</source>
        <translation>Anmelden — PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="96"/>
        <source>Server: %1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="118"/>
        <source>Trust and pin this certificate</source>
        <translation>Diesem Zertifikat vertrauen und es festhalten</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="127"/>
        <source>Log in offline</source>
        <translation>Offline anmelden</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="131"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="135"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="139"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="140"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="190"/>
        <source>Connecting to %1 …</source>
        <translation>Verbindung zu %1 …</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="220"/>
        <source>The pin could not be saved: %1</source>
        <translation>Das Zertifikat konnte nicht festgehalten werden: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="239"/>
        <source>First connection to %1. Its certificate is not trusted yet. Compare this SHA-256 thumbprint with the one your administrator gave you, and trust it only if they are the same:</source>
        <translation>Erste Verbindung zu %1. Sein Zertifikat ist noch nicht vertrauenswürdig. Vergleichen Sie diesen SHA-256-Fingerabdruck mit dem, den Sie von Ihrem Administrator bekommen haben, und vertrauen Sie ihm nur, wenn beide gleich sind:</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="253"/>
        <source>You can log in offline with your last verified credentials (offline login, valid until %1).</source>
        <translation>Sie können sich offline mit Ihren zuletzt geprüften Zugangsdaten anmelden (Offline-Anmeldung, gültig bis %1).</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="259"/>
        <source>Offline login is not possible: %1 has no recent verified login on this console.</source>
        <translation>Offline-Anmeldung nicht möglich: %1 hat keine aktuelle geprüfte Anmeldung an dieser Konsole.</translation>
    </message>
    <message>
        <location filename="../../widgets/login_dialog.py" line="260"/>
        <source>this user</source>
        <translation>dieser Benutzer</translation>
    </message>
</context>
<context>
    <name>MachineTree</name>
    <message>
        <location filename="../../widgets/machine_tree.py" line="122"/>
        <source>Filter: id, name, kind, state (Ctrl+F)</source>
        <translation>Filter: ID, Name, Art, Zustand (Strg+F)</translation>
    </message>
    <message>
        <location filename="../../widgets/machine_tree.py" line="123"/>
        <source>Only abnormal</source>
        <translation>Nur Abweichungen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="95"/>
        <source>Incidents: loading…</source>
        <translation>Störfälle: werden geladen…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="97"/>
        <source>Incidents: no incident store in this console</source>
        <translation>Störfälle: kein Störfallspeicher in dieser Konsole</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="122"/>
        <source>Header</source>
        <translation>Kopfzeile</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="280"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="281"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="282"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="283"/>
        <source>&amp;CI</source>
        <translation>&amp;CI</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="284"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="285"/>
        <source>Find CI</source>
        <translation>CI suchen</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="286"/>
        <source>Reset layout</source>
        <translation>Layout zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="287"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="288"/>
        <source>Copy &amp;diagnostics</source>
        <translation>&amp;Diagnosedaten kopieren</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="289"/>
        <source>&amp;About PlantConsole</source>
        <translation>&amp;Über PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="291"/>
        <source>Machine tree</source>
        <translation>Anlagenbaum</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="292"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="293"/>
        <source>Incidents</source>
        <translation>Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="294"/>
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="295"/>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="343"/>
        <source>Incident %1 is not in the store</source>
        <translation>Störfall %1 ist nicht im Speicher</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="408"/>
        <source>About PlantConsole</source>
        <translation>Über PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="410"/>
        <source>OT service management console for the shop floor.</source>
        <translation>OT-Service-Management-Konsole für die Produktion.</translation>
    </message>
</context>
<context>
    <name>MaintenanceEditor</name>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="50"/>
        <source>PLC firmware update</source>
        <translation>SPS-Firmware-Update</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="51"/>
        <source>Robot program change</source>
        <translation>Roboterprogramm-Änderung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="52"/>
        <source>MES configuration</source>
        <translation>MES-Konfiguration</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="53"/>
        <source>Network configuration</source>
        <translation>Netzwerkkonfiguration</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="54"/>
        <source>ERP patch</source>
        <translation>ERP-Patch</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="55"/>
        <source>Other change</source>
        <translation>Sonstige Änderung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="150"/>
        <source>Maintenance windows (change records)</source>
        <translation>Wartungsfenster (Änderungsaufträge)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="152"/>
        <source>Change &amp;id</source>
        <translation>Änderungs-&amp;ID</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="153"/>
        <source>&amp;Kind</source>
        <translation>&amp;Art</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="154"/>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="155"/>
        <source>C&amp;Is (comma separated)</source>
        <translation>C&amp;Is (durch Komma getrennt)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="156"/>
        <source>Planned &amp;start</source>
        <translation>Geplanter &amp;Beginn</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="157"/>
        <source>Planned &amp;end</source>
        <translation>Geplantes &amp;Ende</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="158"/>
        <source>&amp;Rollback note</source>
        <translation>&amp;Rückfallplan</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="164"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="165"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="166"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="167"/>
        <source>CIs</source>
        <translation>CIs</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="168"/>
        <source>Planned window</source>
        <translation>Geplantes Fenster</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="169"/>
        <source>Rollback</source>
        <translation>Rückfallplan</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="172"/>
        <source>&amp;Save change</source>
        <translation>Änderung &amp;speichern</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="173"/>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="174"/>
        <source>End change &amp;now</source>
        <translation>Änderung &amp;jetzt beenden</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="175"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="184"/>
        <source>⚠ OVERRUN +{d}</source>
        <translation>⚠ ÜBERZOGEN +{d}</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="188"/>
        <source>done ({d} late)</source>
        <translation>erledigt ({d} zu spät)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="189"/>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="191"/>
        <source>planned</source>
        <translation>geplant</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="192"/>
        <source>active</source>
        <translation>aktiv</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="271"/>
        <source>A change needs an id (e.g. CHG-12).</source>
        <translation>Eine Änderung braucht eine ID (z. B. CHG-12).</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="274"/>
        <source>Give the change a title: what is being changed.</source>
        <translation>Geben Sie der Änderung einen Titel: was wird geändert.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="277"/>
        <source>Name at least one CI the change works on.</source>
        <translation>Nennen Sie mindestens ein CI, an dem gearbeitet wird.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="282"/>
        <source>The planned end must be after the planned start.</source>
        <translation>Das geplante Ende muss nach dem geplanten Beginn liegen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="285"/>
        <source>A change needs a rollback note: how to undo it.</source>
        <translation>Eine Änderung braucht einen Rückfallplan: wie sie rückgängig gemacht wird.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="330"/>
        <source>Saving the change</source>
        <translation>Speichern der Änderung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="346"/>
        <source>Select the change to end.</source>
        <translation>Wählen Sie die Änderung, die beendet werden soll.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/maintenance_editor.py" line="351"/>
        <source>Ending the change</source>
        <translation>Beenden der Änderung</translation>
    </message>
</context>
<context>
    <name>ProblemEditor</name>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="51"/>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="52"/>
        <source>Known error</source>
        <translation>Bekannter Fehler</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="53"/>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="142"/>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="143"/>
        <source>&lt;b&gt;Problem records&lt;/b&gt;</source>
        <translation>&lt;b&gt;Problemdatensätze&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="144"/>
        <source>&lt;b&gt;Recurring incidents (suggestions)&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wiederkehrende Störfälle (Vorschläge)&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="145"/>
        <source>&lt;b&gt;Incidents of this problem&lt;/b&gt;</source>
        <translation>&lt;b&gt;Störfälle dieses Problems&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="149"/>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="150"/>
        <source>&amp;Status</source>
        <translation>&amp;Status</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="151"/>
        <source>Root &amp;cause</source>
        <translation>&amp;Ursache</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="152"/>
        <source>&amp;Preventive action</source>
        <translation>&amp;Vorbeugende Maßnahme</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="158"/>
        <source>New from suggestion</source>
        <translation>Neu aus Vorschlag</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="159"/>
        <source>New from selected incident</source>
        <translation>Neu aus ausgewähltem Störfall</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="160"/>
        <source>&amp;Link selected incident</source>
        <translation>Ausgewählten Störfall &amp;verknüpfen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="161"/>
        <source>&amp;Unlink incident</source>
        <translation>Verknüpfung &amp;lösen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="162"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="163"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="184"/>
        <source>same CI</source>
        <translation>gleiches CI</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="184"/>
        <source>same fault</source>
        <translation>gleiche Störung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="254"/>
        <source>Select a suggestion first.</source>
        <translation>Zuerst einen Vorschlag auswählen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="260"/>
        <location filename="../../widgets/incidents/problem_editor.py" line="272"/>
        <source>Creating a problem</source>
        <translation>Problem anlegen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="268"/>
        <source>Select an incident in the incident list first.</source>
        <translation>Zuerst einen Störfall in der Störfallliste auswählen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="280"/>
        <source>Select a problem here and an incident in the list.</source>
        <translation>Hier ein Problem und in der Liste einen Störfall auswählen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="283"/>
        <source>Linking</source>
        <translation>Verknüpfen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="291"/>
        <source>Select one of the problem&apos;s incidents to unlink.</source>
        <translation>Einen Störfall des Problems auswählen, dessen Verknüpfung gelöst werden soll.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="296"/>
        <source>Unlinking</source>
        <translation>Verknüpfung lösen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="307"/>
        <source>Select a problem first.</source>
        <translation>Zuerst ein Problem auswählen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/problem_editor.py" line="317"/>
        <source>Saving the problem</source>
        <translation>Speichern des Problems</translation>
    </message>
</context>
<context>
    <name>ProgressTask</name>
    <message>
        <location filename="../../widgets/progress_task.py" line="83"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="47"/>
        <source>Add note</source>
        <translation>Notiz hinzufügen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="49"/>
        <source>Work note (for the people working on it)</source>
        <translation>Arbeitsnotiz (für die Bearbeiter)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="51"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="60"/>
        <source>Resolve incident</source>
        <translation>Störfall beheben</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="62"/>
        <source>what caused it</source>
        <translation>was ihn verursacht hat</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="63"/>
        <source>what keeps it from happening again</source>
        <translation>was eine Wiederholung verhindert</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="65"/>
        <source>Root cause</source>
        <translation>Ursache</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="66"/>
        <source>Preventive action</source>
        <translation>Vorbeugende Maßnahme</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/prompts.py" line="67"/>
        <source>Resolution</source>
        <translation>Lösung</translation>
    </message>
</context>
<context>
    <name>RaiseIncidentDialog</name>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="143"/>
        <source>Raise incident</source>
        <translation>Störfall melden</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="145"/>
        <source>CI</source>
        <translation>CI</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="147"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="148"/>
        <source>Impact</source>
        <translation>Auswirkung</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="149"/>
        <source>Urgency</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="150"/>
        <source>Priority</source>
        <translation>Priorität</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="151"/>
        <source>Lines it stops</source>
        <translation>Gestoppte Linien</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="155"/>
        <source>Note (optional)</source>
        <translation>Notiz (optional)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="156"/>
        <source>What is wrong, e.g. gripper does not close</source>
        <translation>Was ist los, z. B. Greifer schließt nicht</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="158"/>
        <source>1 - stops production (line stop)</source>
        <translation>1 - stoppt die Produktion (Linienstopp)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="159"/>
        <source>2 - slows or degrades production</source>
        <translation>2 - verlangsamt oder beeinträchtigt die Produktion</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="160"/>
        <source>3 - little or no effect on production</source>
        <translation>3 - wenig oder keine Auswirkung auf die Produktion</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="163"/>
        <source>1 - act now</source>
        <translation>1 - sofort handeln</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="164"/>
        <source>2 - within this shift</source>
        <translation>2 - in dieser Schicht</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="165"/>
        <source>3 - can wait</source>
        <translation>3 - kann warten</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="170"/>
        <source>Raise</source>
        <translation>Melden</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="212"/>
        <source>(no such CI)</source>
        <translation>(kein solches CI)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="248"/>
        <source>There is no CI %1 in the plant</source>
        <translation>Es gibt kein CI %1 in der Anlage</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="251"/>
        <source>A title is needed: say in a few words what is wrong</source>
        <translation>Ein Titel fehlt: in wenigen Worten sagen, was los ist</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="254"/>
        <source>The title is too long: %1 characters, at most %2</source>
        <translation>Der Titel ist zu lang: %1 Zeichen, höchstens %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="257"/>
        <source>The note is too long: %1 characters, at most %2</source>
        <translation>Die Notiz ist zu lang: %1 Zeichen, höchstens %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/raise_dialog.py" line="272"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <location filename="../../widgets/diagnostics/report_view.py" line="46"/>
        <source>Raw details</source>
        <translation>Rohdaten</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="109"/>
        <source>Downtime</source>
        <translation>Stillstandszeit</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="110"/>
        <source>Stoppage cost</source>
        <translation>Stillstandskosten</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="111"/>
        <source>Root cause CI</source>
        <translation>Ursachen-CI</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="112"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="113"/>
        <source>Root &amp;cause</source>
        <translation>&amp;Ursache</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="114"/>
        <source>&amp;Preventive action</source>
        <translation>&amp;Vorbeugende Maßnahme</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="118"/>
        <source>&lt;b&gt;Timeline&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zeitverlauf&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="119"/>
        <source>&amp;Save review</source>
        <translation>Nachbetrachtung &amp;speichern</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="120"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="125"/>
        <source>Review of {number}</source>
        <translation>Nachbetrachtung von {number}</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="126"/>
        <source>  (still open: figures so far)</source>
        <translation>  (noch offen: Werte bis jetzt)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="130"/>
        <source>{down} ({scheduled} line time in scheduled production)</source>
        <translation>{down} ({scheduled} Linienzeit in geplanter Produktion)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="135"/>
        <source>{eur}, {units} units lost</source>
        <translation>{eur}, {units} Stück verloren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/review_view.py" line="161"/>
        <source>Saving the review</source>
        <translation>Speichern der Nachbetrachtung</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="52"/>
        <location filename="../../widgets/settings_dialog.py" line="173"/>
        <source>Plant file</source>
        <translation>Anlagendatei</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="54"/>
        <source>Plant files (*.toml);;All files (*)</source>
        <translation>Anlagendateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="169"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="170"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="171"/>
        <source>OPC UA passwords (kept in the OS keyring)</source>
        <translation>OPC-UA-Passwörter (im Schlüsselbund des Betriebssystems)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="174"/>
        <source>Central server</source>
        <translation>Zentraler Server</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="175"/>
        <source>This console</source>
        <translation>Diese Konsole</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="176"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="177"/>
        <location filename="../../widgets/settings_dialog.py" line="349"/>
        <source>Server password</source>
        <translation>Server-Passwort</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="178"/>
        <source>Poll interval</source>
        <translation>Abfrageintervall</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="179"/>
        <source>Request timeout</source>
        <translation>Zeitlimit je Anfrage</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="180"/>
        <source>Sound</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="181"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="182"/>
        <source>Theme</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="186"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="187"/>
        <source>Sound for new P1/P2 incidents and SLA breaches</source>
        <translation>Ton bei neuen P1/P2-Störfällen und SLA-Verletzungen</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="190"/>
        <source>Poll interval and request timeout apply from the next start of the console. Sound, language and theme apply at once.</source>
        <translation>Abfrageintervall und Zeitlimit je Anfrage gelten ab dem nächsten Start der Konsole. Ton, Sprache und Darstellung gelten sofort.</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="196"/>
        <source>stored in the OS keyring: leave empty to keep</source>
        <translation>im Schlüsselbund gespeichert: leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="198"/>
        <source>kept in the OS keyring, never in a file</source>
        <translation>wird im Schlüsselbund gespeichert, nie in einer Datei</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="201"/>
        <source>leave empty to keep</source>
        <translation>leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="205"/>
        <source>%1, registered at %2 (secret in the OS keyring); to change it: %3</source>
        <translation>%1, registriert bei %2 (Geheimnis im Schlüsselbund); ändern mit: %3</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="214"/>
        <source>not registered: its incidents stay local. Register…: %1</source>
        <translation>nicht registriert: ihre Störfälle bleiben lokal. Registrieren…: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="218"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="219"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="231"/>
        <source>Server certificate: none (plain http, allowed on loopback only)</source>
        <translation>Serverzertifikat: keines (einfaches http, nur auf Loopback erlaubt)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="234"/>
        <source>Server certificate: the pinned certificates cannot be read (%1)</source>
        <translation>Serverzertifikat: die gespeicherten Zertifikate sind nicht lesbar (%1)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="238"/>
        <source>Server certificate: not pinned yet (its thumbprint is shown at the first connect)</source>
        <translation>Serverzertifikat: noch nicht festgelegt (sein Fingerabdruck wird bei der ersten Verbindung gezeigt)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="241"/>
        <source>Server certificate pinned: SHA-256 %1; renewed: plantconsole trust-server</source>
        <translation>Serverzertifikat festgelegt: SHA-256 %1; erneuert: plantconsole trust-server</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="354"/>
        <source>Your settings were saved, but the OS keyring refused to store these passwords. They were not saved anywhere:</source>
        <translation>Ihre Einstellungen wurden gespeichert, aber der Schlüsselbund des Betriebssystems hat diese Passwörter nicht angenommen. Sie wurden nirgends gespeichert:</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="362"/>
        <source>Enter them again in the settings once the OS keyring works.</source>
        <translation>Geben Sie sie in den Einstellungen erneut ein, sobald der Schlüsselbund des Betriebssystems funktioniert.</translation>
    </message>
</context>
<context>
    <name>ShelveEditor</name>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="68"/>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="73"/>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="155"/>
        <source>Shelve alarms</source>
        <translation>Alarme zurückstellen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="156"/>
        <source>&amp;CI</source>
        <translation>&amp;CI</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="157"/>
        <source>&amp;Duration</source>
        <translation>&amp;Dauer</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="158"/>
        <source>&amp;Reason (required)</source>
        <translation>&amp;Grund (Pflicht)</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="159"/>
        <source>why its alarms are a nuisance now</source>
        <translation>warum seine Alarme gerade stören</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="162"/>
        <source>Shelving ends by itself after at most {h} h (ISA-18.2); it is audited.</source>
        <translation>Das Zurückstellen endet von selbst nach höchstens {h} h (ISA-18.2); es wird protokolliert.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="165"/>
        <source>&amp;Shelve</source>
        <translation>&amp;Zurückstellen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="166"/>
        <source>&amp;Unshelve selected</source>
        <translation>Ausgewählte &amp;reaktivieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="167"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="168"/>
        <source>&lt;b&gt;Shelved now&lt;/b&gt;</source>
        <translation>&lt;b&gt;Zurzeit zurückgestellt&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="170"/>
        <source>CI</source>
        <translation>CI</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="170"/>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="170"/>
        <source>By</source>
        <translation>Von</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="170"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="211"/>
        <source>Choose the CI whose alarms to shelve.</source>
        <translation>Wählen Sie das CI, dessen Alarme zurückgestellt werden sollen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="214"/>
        <source>Shelving needs a reason: say why its alarms are a nuisance.</source>
        <translation>Zurückstellen braucht einen Grund: warum stören seine Alarme?</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="218"/>
        <source>Shelving</source>
        <translation>Zurückstellen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="233"/>
        <source>Select a shelved CI first.</source>
        <translation>Zuerst ein zurückgestelltes CI auswählen.</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/shelve_editor.py" line="235"/>
        <source>Unshelving</source>
        <translation>Reaktivieren</translation>
    </message>
</context>
<context>
    <name>StripRow</name>
    <message>
        <location filename="../../widgets/incidents/strip.py" line="61"/>
        <source>Ack</source>
        <translation>Quittieren</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/strip.py" line="63"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/strip.py" line="82"/>
        <source>Acknowledge {number}</source>
        <translation>{number} quittieren</translation>
    </message>
</context>
<context>
    <name>SyncPause</name>
    <message>
        <location filename="../../widgets/incidents/sync_pause.py" line="38"/>
        <source>&amp;Pause sync</source>
        <translation>Sync &amp;anhalten</translation>
    </message>
    <message>
        <location filename="../../widgets/incidents/sync_pause.py" line="40"/>
        <source>Stop syncing with the central server for now (a long first sync, a slow link). Nothing is lost: what was pulled stays, what waits is uploaded later.</source>
        <translation>Den Abgleich mit dem zentralen Server vorerst anhalten (lange Erstsynchronisation, langsame Verbindung). Nichts geht verloren: Geholtes bleibt, Wartendes wird später hochgeladen.</translation>
    </message>
</context>
<context>
    <name>SyncRejectionsDialog</name>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="55"/>
        <source>Rejected by the server</source>
        <translation>Vom Server abgelehnt</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="58"/>
        <source>The server refused these events and keeps them in quarantine; everything else synced. Show this list to plant IT.</source>
        <translation>Der Server hat diese Ereignisse abgelehnt und in Quarantäne gelegt; alles andere wurde synchronisiert. Zeigen Sie diese Liste der Werks-IT.</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="63"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="63"/>
        <source>Refused as</source>
        <translation>Abgelehnt als</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="63"/>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="79"/>
        <source>(no id)</source>
        <translation>(keine ID)</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="91"/>
        <source>403: no right to write it</source>
        <translation>403: keine Berechtigung</translation>
    </message>
    <message>
        <location filename="../../widgets/sync_rejections.py" line="93"/>
        <source>422: invalid</source>
        <translation>422: ungültig</translation>
    </message>
</context>
<context>
    <name>TagPlot</name>
    <message>
        <location filename="../../widgets/trends/tag_plot.py" line="33"/>
        <location filename="../../widgets/trends/tag_plot.py" line="150"/>
        <source>no data yet</source>
        <translation>noch keine Daten</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/tag_plot.py" line="36"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/tag_plot.py" line="38"/>
        <source>Stop trending %1</source>
        <translation>Trend von %1 beenden</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/tag_plot.py" line="61"/>
        <source>Remove this trend</source>
        <translation>Diesen Trend entfernen</translation>
    </message>
</context>
<context>
    <name>TopologyView</name>
    <message>
        <location filename="../../widgets/topology/view.py" line="106"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="108"/>
        <source>Previous level</source>
        <translation>Vorige Ebene</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="112"/>
        <source>Up</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="114"/>
        <source>Level above</source>
        <translation>Ebene darüber</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="118"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="120"/>
        <source>Open the selected line or machine</source>
        <translation>Ausgewählte Linie oder Maschine öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="134"/>
        <source>Zoom out (also Ctrl+wheel)</source>
        <translation>Verkleinern (auch Strg+Mausrad)</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="142"/>
        <source>Zoom in (also Ctrl+wheel)</source>
        <translation>Vergrößern (auch Strg+Mausrad)</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="148"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="150"/>
        <source>Show the whole level</source>
        <translation>Ganze Ebene zeigen</translation>
    </message>
</context>
<context>
    <name>TrendPanel</name>
    <message>
        <location filename="../../widgets/trends/panel.py" line="45"/>
        <source>Shift (8 h)</source>
        <translation>Schicht (8 h)</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/panel.py" line="55"/>
        <source>Drag a tag here, or choose “Trend” on a value, to plot it.</source>
        <translation>Einen Messwert hierher ziehen oder bei einem Wert „Trend“ wählen, um ihn aufzuzeichnen.</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/panel.py" line="56"/>
        <source>Paused: drag or use the wheel on a plot to look back over the shift.</source>
        <translation>Angehalten: im Diagramm ziehen oder das Mausrad benutzen, um über die Schicht zurückzublicken.</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/panel.py" line="90"/>
        <location filename="../../widgets/trends/panel.py" line="197"/>
        <source>Pause</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/panel.py" line="96"/>
        <source>Show last</source>
        <translation>Zeige letzte</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/panel.py" line="197"/>
        <source>Resume live</source>
        <translation>Live fortsetzen</translation>
    </message>
    <message>
        <location filename="../../widgets/trends/panel.py" line="355"/>
        <source>Not a numeric tag: %1</source>
        <translation>Kein numerischer Messwert: %1</translation>
    </message>
</context>
<context>
    <name>ValuesModel</name>
    <message>
        <location filename="../../widgets/values_model.py" line="32"/>
        <source>Point</source>
        <translation>Messpunkt</translation>
    </message>
    <message>
        <location filename="../../widgets/values_model.py" line="33"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../../widgets/values_model.py" line="34"/>
        <source>Unit</source>
        <translation>Einheit</translation>
    </message>
    <message>
        <location filename="../../widgets/values_model.py" line="35"/>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../widgets/welcome_page.py" line="37"/>
        <source>Plant files (*.toml);;All files (*)</source>
        <translation>Anlagendateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="113"/>
        <location filename="../../widgets/welcome_page.py" line="114"/>
        <source>Welcome to PlantConsole</source>
        <translation>Willkommen bei PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="118"/>
        <source>Try the console on a simulated plant, choose another plant file, or check the plant file in the settings.</source>
        <translation>Probieren Sie die Konsole an einer simulierten Anlage aus, wählen Sie eine andere Anlagendatei oder prüfen Sie die Anlagendatei in den Einstellungen.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="125"/>
        <source>No plant file is configured yet. Try the console on a simulated plant, or choose the plant file your plant IT gave you.</source>
        <translation>Es ist noch keine Anlagendatei eingerichtet. Probieren Sie die Konsole an einer simulierten Anlage aus oder wählen Sie die Anlagendatei, die Sie von Ihrer Werks-IT bekommen haben.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="129"/>
        <source>Start the demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="130"/>
        <source>Open a plant file…</source>
        <translation>Anlagendatei öffnen…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="131"/>
        <source>Import a plant file…</source>
        <translation>Anlagendatei importieren…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="132"/>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="133"/>
        <source>A simulated plant, &apos;Werk Nord&apos;, with faults to try.</source>
        <translation>Eine simulierte Anlage, „Werk Nord“, mit Störungen zum Ausprobieren.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="134"/>
        <source>Use a plant file where it lies (e.g. on a share).</source>
        <translation>Eine Anlagendatei dort verwenden, wo sie liegt (z. B. auf einer Freigabe).</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="136"/>
        <source>Check a plant file, copy it into your data folder and load it.</source>
        <translation>Eine Anlagendatei prüfen, in Ihren Datenordner kopieren und laden.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="151"/>
        <source>Open a plant file</source>
        <translation>Anlagendatei öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="157"/>
        <source>Import a plant file</source>
        <translation>Anlagendatei importieren</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../widgets/crash.py" line="48"/>
        <source>PlantConsole keeps running. The log is in %1</source>
        <translation>PlantConsole läuft weiter. Das Protokoll liegt in %1</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="55"/>
        <source>Copy diagnostics</source>
        <translation>Diagnosedaten kopieren</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="75"/>
        <source>Could not write diagnostics: %1</source>
        <translation>Diagnosedaten konnten nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="87"/>
        <source>Diagnostics saved to
%1

The file is on the clipboard: paste it into a support ticket or e-mail.</source>
        <translation>Diagnosedaten gespeichert unter
%1

Die Datei liegt in der Zwischenablage: fügen Sie sie in ein Support-Ticket oder eine E-Mail ein.</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="103"/>
        <location filename="../../widgets/crash.py" line="152"/>
        <source>PlantConsole: unexpected error</source>
        <translation>PlantConsole: unerwarteter Fehler</translation>
    </message>
</context>
<context>
    <name>launcher</name>
    <message>
        <location filename="../../widgets/launcher.py" line="228"/>
        <source>The incident store cannot be opened.</source>
        <translation>Der Störfallspeicher kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="229"/>
        <source>%1

The console does not start without it. The log is in %2</source>
        <translation>%1

Ohne ihn startet die Konsole nicht. Das Protokoll liegt in %2</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="282"/>
        <source>Starting the simulated plant …</source>
        <translation>Die simulierte Anlage wird gestartet …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="291"/>
        <source>The simulator wrote an unusable plant file.</source>
        <translation>Der Simulator hat eine unbrauchbare Anlagendatei geschrieben.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="311"/>
        <source>Could not start the simulated plant.</source>
        <translation>Die simulierte Anlage konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="331"/>
        <source>Starting the sync server …</source>
        <translation>Sync-Server wird gestartet …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="338"/>
        <source>Could not start the embedded sync server.</source>
        <translation>Der eingebettete Sync-Server konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="421"/>
        <source>The plant file %1 has problems and was not loaded. On the welcome page you can choose another plant file, start the demo or change the settings.</source>
        <translation>Die Anlagendatei %1 hat Fehler und wurde nicht geladen. Auf der Willkommensseite können Sie eine andere Anlagendatei wählen, die Demo starten oder die Einstellungen ändern.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="427"/>
        <source>The plant file %1 has problems and was not loaded.</source>
        <translation>Die Anlagendatei %1 hat Fehler und wurde nicht geladen.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="438"/>
        <source>The plant file %1 has problems and was not loaded:</source>
        <translation>Die Anlagendatei %1 hat Fehler und wurde nicht geladen:</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="445"/>
        <source>… and %1 more (see the log: %2)</source>
        <translation>… und %1 weitere (siehe Protokoll: %2)</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="493"/>
        <source>The plant file %1 was not found.</source>
        <translation>Die Anlagendatei %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="80"/>
        <source>Checking %1 …</source>
        <translation>%1 wird geprüft …</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="86"/>
        <source>Copying into the data folder …</source>
        <translation>Kopieren in den Datenordner …</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="93"/>
        <source>Importing into the local store …</source>
        <translation>Import in den lokalen Speicher …</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="131"/>
        <source>An import is still running: wait for it to finish.</source>
        <translation>Ein Import läuft noch: Bitte warten Sie, bis er beendet ist.</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="138"/>
        <source>Importing plant file …</source>
        <translation>Anlagendatei wird importiert …</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="160"/>
        <source>Could not import %1.</source>
        <translation>%1 konnte nicht importiert werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/plant_import.py" line="177"/>
        <source>Cancelling the import …</source>
        <translation>Import wird abgebrochen …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="613"/>
        <source>Your settings file had problems; defaults are used where needed.</source>
        <translation>Ihre Einstellungsdatei war fehlerhaft; wo nötig, gelten Standardwerte.</translation>
    </message>
</context>
</TS>
