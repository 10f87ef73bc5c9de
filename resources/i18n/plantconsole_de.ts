<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_GB">
<context>
    <name>CiActions</name>
    <message>
        <location filename="../../widgets/ci_actions.py" line="33"/>
        <source>Diagnose (Ping)</source>
        <translation>Diagnose (Ping)</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="39"/>
        <source>Program status</source>
        <translation>Programmstatus</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="44"/>
        <source>Browse</source>
        <translation>Durchsuchen</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="47"/>
        <source>Raise incident</source>
        <translation>Störfall melden</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="48"/>
        <source>Open incidents</source>
        <translation>Offene Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="50"/>
        <source>Impact analysis</source>
        <translation>Auswirkungsanalyse</translation>
    </message>
    <message>
        <location filename="../../widgets/ci_actions.py" line="112"/>
        <source>Trend tag...</source>
        <translation>Messwert als Trend…</translation>
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
    <name>HeaderBar</name>
    <message>
        <location filename="../../widgets/header_bar.py" line="72"/>
        <source>plant: %1</source>
        <translation>Werk: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="87"/>
        <source>1 line at risk</source>
        <translation>1 Linie gefährdet</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="87"/>
        <source>%1 lines at risk</source>
        <translation>%1 Linien gefährdet</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="95"/>
        <source>the line is running</source>
        <translation>die Linie läuft</translation>
    </message>
    <message>
        <location filename="../../widgets/header_bar.py" line="95"/>
        <source>all %1 lines running</source>
        <translation>alle %1 Linien laufen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="224"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="225"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="226"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="227"/>
        <source>&amp;CI</source>
        <translation>&amp;CI</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="228"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="229"/>
        <source>Find CI</source>
        <translation>CI suchen</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="230"/>
        <source>Reset layout</source>
        <translation>Layout zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="231"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="232"/>
        <source>Copy &amp;diagnostics</source>
        <translation>&amp;Diagnosedaten kopieren</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="233"/>
        <source>&amp;About PlantConsole</source>
        <translation>&amp;Über PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="235"/>
        <source>Machine tree</source>
        <translation>Anlagenbaum</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="236"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="237"/>
        <source>Incidents</source>
        <translation>Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="238"/>
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="239"/>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="335"/>
        <source>About PlantConsole</source>
        <translation>Über PlantConsole</translation>
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="48"/>
        <location filename="../../widgets/settings_dialog.py" line="154"/>
        <source>Plant file</source>
        <translation>Anlagendatei</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="50"/>
        <source>Plant files (*.toml);;All files (*)</source>
        <translation>Anlagendateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="150"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="151"/>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="152"/>
        <source>OPC UA passwords (kept in the OS keyring)</source>
        <translation>OPC-UA-Passwörter (im Schlüsselbund des Betriebssystems)</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="155"/>
        <source>Central server</source>
        <translation>Zentraler Server</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="156"/>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="157"/>
        <source>Server password</source>
        <translation>Server-Passwort</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="158"/>
        <source>Poll interval</source>
        <translation>Abfrageintervall</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="159"/>
        <source>Request timeout</source>
        <translation>Zeitlimit je Anfrage</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="160"/>
        <source>Sound</source>
        <translation>Ton</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="161"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="162"/>
        <source>Theme</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="166"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="167"/>
        <source>Sound for new P1/P2 incidents and SLA breaches</source>
        <translation>Ton bei neuen P1/P2-Störfällen und SLA-Verletzungen</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="170"/>
        <source>stored in the OS keyring: leave empty to keep</source>
        <translation>im Schlüsselbund gespeichert: leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="172"/>
        <source>kept in the OS keyring, never in a file</source>
        <translation>wird im Schlüsselbund gespeichert, nie in einer Datei</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="175"/>
        <source>leave empty to keep</source>
        <translation>leer lassen, um es zu behalten</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="176"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="177"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location filename="../../widgets/settings_dialog.py" line="222"/>
        <source>The OS keyring refused the password: %1</source>
        <translation>Der Schlüsselbund hat das Passwort abgelehnt: %1</translation>
    </message>
</context>
<context>
    <name>TopologyView</name>
    <message>
        <location filename="../../widgets/topology/view.py" line="105"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="107"/>
        <source>Previous level</source>
        <translation>Vorige Ebene</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="111"/>
        <source>Up</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="113"/>
        <source>Level above</source>
        <translation>Ebene darüber</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="117"/>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="119"/>
        <source>Open the selected line or machine</source>
        <translation>Ausgewählte Linie oder Maschine öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="133"/>
        <source>Zoom out (also Ctrl+wheel)</source>
        <translation>Verkleinern (auch Strg+Mausrad)</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="141"/>
        <source>Zoom in (also Ctrl+wheel)</source>
        <translation>Vergrößern (auch Strg+Mausrad)</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="147"/>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../../widgets/topology/view.py" line="149"/>
        <source>Show the whole level</source>
        <translation>Ganze Ebene zeigen</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../widgets/welcome_page.py" line="36"/>
        <source>Plant files (*.toml);;All files (*)</source>
        <translation>Anlagendateien (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="108"/>
        <location filename="../../widgets/welcome_page.py" line="109"/>
        <source>Welcome to PlantConsole</source>
        <translation>Willkommen bei PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="112"/>
        <source>No plant file is configured yet. Try the console on a simulated plant, or choose the plant file your plant IT gave you.</source>
        <translation>Es ist noch keine Anlagendatei eingerichtet. Probieren Sie die Konsole an einer simulierten Anlage aus oder wählen Sie die Anlagendatei, die Sie von Ihrer Werks-IT bekommen haben.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="116"/>
        <source>Start the demo</source>
        <translation>Demo starten</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="117"/>
        <source>Open a plant file…</source>
        <translation>Anlagendatei öffnen…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="118"/>
        <source>Import a plant file…</source>
        <translation>Anlagendatei importieren…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="119"/>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="120"/>
        <source>A simulated plant, &apos;Werk Nord&apos;, with faults to try.</source>
        <translation>Eine simulierte Anlage, „Werk Nord“, mit Störungen zum Ausprobieren.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="121"/>
        <source>Use a plant file where it lies (e.g. on a share).</source>
        <translation>Eine Anlagendatei dort verwenden, wo sie liegt (z. B. auf einer Freigabe).</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="123"/>
        <source>Check a plant file, copy it into your data folder and load it.</source>
        <translation>Eine Anlagendatei prüfen, in Ihren Datenordner kopieren und laden.</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="138"/>
        <source>Open a plant file</source>
        <translation>Anlagendatei öffnen</translation>
    </message>
    <message>
        <location filename="../../widgets/welcome_page.py" line="144"/>
        <source>Import a plant file</source>
        <translation>Anlagendatei importieren</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <location filename="../../widgets/crash.py" line="41"/>
        <source>PlantConsole keeps running. The log is in %1</source>
        <translation>PlantConsole läuft weiter. Das Protokoll liegt in %1</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="48"/>
        <source>Copy diagnostics</source>
        <translation>Diagnosedaten kopieren</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="68"/>
        <source>Could not write diagnostics: %1</source>
        <translation>Diagnosedaten konnten nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="80"/>
        <source>Diagnostics saved to
%1

The file is on the clipboard: paste it into a support ticket or e-mail.</source>
        <translation>Diagnosedaten gespeichert unter
%1

Die Datei liegt in der Zwischenablage: fügen Sie sie in ein Support-Ticket oder eine E-Mail ein.</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="96"/>
        <location filename="../../widgets/crash.py" line="133"/>
        <source>PlantConsole: unexpected error</source>
        <translation>PlantConsole: unerwarteter Fehler</translation>
    </message>
</context>
<context>
    <name>launcher</name>
    <message>
        <location filename="../../widgets/launcher.py" line="172"/>
        <source>Starting the simulated plant …</source>
        <translation>Die simulierte Anlage wird gestartet …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="181"/>
        <source>The simulator wrote an unusable plant file.</source>
        <translation>Der Simulator hat eine unbrauchbare Anlagendatei geschrieben.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="200"/>
        <source>Could not start the simulated plant.</source>
        <translation>Die simulierte Anlage konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="216"/>
        <source>Starting the sync server …</source>
        <translation>Sync-Server wird gestartet …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="223"/>
        <source>Could not start the embedded sync server.</source>
        <translation>Der eingebettete Sync-Server konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="256"/>
        <source>The plant file %1 has problems (see the log).</source>
        <translation>Die Anlagendatei %1 hat Fehler (siehe Protokoll).</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="281"/>
        <source>The plant file %1 was not found.</source>
        <translation>Die Anlagendatei %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="343"/>
        <source>Checking %1 …</source>
        <translation>%1 wird geprüft …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="348"/>
        <source>Copying into the data folder …</source>
        <translation>Kopieren in den Datenordner …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="356"/>
        <source>Importing into the local store …</source>
        <translation>Import in den lokalen Speicher …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="372"/>
        <source>Importing plant file …</source>
        <translation>Anlagendatei wird importiert …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="385"/>
        <source>Could not import %1.</source>
        <translation>%1 konnte nicht importiert werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="453"/>
        <source>Your settings file had problems; defaults are used where needed.</source>
        <translation>Ihre Einstellungsdatei war fehlerhaft; wo nötig, gelten Standardwerte.</translation>
    </message>
</context>
</TS>
