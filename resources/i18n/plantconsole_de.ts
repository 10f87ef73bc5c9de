<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en_GB">
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="194"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="195"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="196"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="197"/>
        <source>&amp;CI</source>
        <translation>&amp;CI</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="198"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="199"/>
        <source>Find CI</source>
        <translation>CI suchen</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="200"/>
        <source>Reset layout</source>
        <translation>Layout zurücksetzen</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="201"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="202"/>
        <source>Copy &amp;diagnostics</source>
        <translation>&amp;Diagnosedaten kopieren</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="203"/>
        <source>&amp;About PlantConsole</source>
        <translation>&amp;Über PlantConsole</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="205"/>
        <source>Machine tree</source>
        <translation>Anlagenbaum</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="206"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="207"/>
        <source>Incidents</source>
        <translation>Störfälle</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="208"/>
        <source>Trends</source>
        <translation>Trends</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="209"/>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="291"/>
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
        <location filename="../../widgets/crash.py" line="81"/>
        <source>Diagnostics saved to
%1

The file is on the clipboard: paste it into a support ticket or e-mail.</source>
        <translation>Diagnosedaten gespeichert unter
%1

Die Datei liegt in der Zwischenablage: fügen Sie sie in ein Support-Ticket oder eine E-Mail ein.</translation>
    </message>
    <message>
        <location filename="../../widgets/crash.py" line="97"/>
        <location filename="../../widgets/crash.py" line="134"/>
        <source>PlantConsole: unexpected error</source>
        <translation>PlantConsole: unerwarteter Fehler</translation>
    </message>
</context>
<context>
    <name>launcher</name>
    <message>
        <location filename="../../widgets/launcher.py" line="142"/>
        <source>Starting the simulated plant …</source>
        <translation>Die simulierte Anlage wird gestartet …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="151"/>
        <source>The simulator wrote an unusable plant file.</source>
        <translation>Der Simulator hat eine unbrauchbare Anlagendatei geschrieben.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="168"/>
        <source>Could not start the simulated plant.</source>
        <translation>Die simulierte Anlage konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="181"/>
        <source>The plant file %1 has problems (see the log).</source>
        <translation>Die Anlagendatei %1 hat Fehler (siehe Protokoll).</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="201"/>
        <source>The plant file %1 was not found.</source>
        <translation>Die Anlagendatei %1 wurde nicht gefunden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="263"/>
        <source>Checking %1 …</source>
        <translation>%1 wird geprüft …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="268"/>
        <source>Copying into the data folder …</source>
        <translation>Kopieren in den Datenordner …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="276"/>
        <source>Importing into the local store …</source>
        <translation>Import in den lokalen Speicher …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="292"/>
        <source>Importing plant file …</source>
        <translation>Anlagendatei wird importiert …</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="305"/>
        <source>Could not import %1.</source>
        <translation>%1 konnte nicht importiert werden.</translation>
    </message>
    <message>
        <location filename="../../widgets/launcher.py" line="373"/>
        <source>Your settings file had problems; defaults are used where needed.</source>
        <translation>Ihre Einstellungsdatei war fehlerhaft; wo nötig, gelten Standardwerte.</translation>
    </message>
</context>
</TS>
