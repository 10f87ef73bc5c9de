; Inno Setup 6 script: the PlantConsole installer for Windows workstations.
;
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\PlantConsole.iss
;   ISCC.exe /DAppVersion=0.1.0 /DSign "/Spcsign=signtool.exe sign /f cert.pfx /p *** /fd sha256 /tr http://timestamp.digicert.com /td sha256 $f" packaging\windows\PlantConsole.iss
;
; Input: dist\PlantConsole\ from build.spec (scripts\build_bundle.ps1) and the SBOM beside it.
; Output: dist\installer\PlantConsole-<version>-setup.exe
;
; Per machine (Program Files, admin rights), Start-menu shortcuts for the console and the
; demo, an uninstaller registered under "Apps & features". User data lives outside the
; install folder, in the per-user platformdirs folders (%LOCALAPPDATA%\PlantConsole\
; PlantConsole: settings.json, layout.ini, the local store, Logs\): the installer never
; writes there and the uninstaller never deletes there, so settings, the local store and
; logs survive upgrades and uninstalls. Secrets are in the Windows Credential Manager.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "PlantConsole"
#define AppExe "PlantConsole.exe"
; the repository root, from this script's folder (packaging\windows\)
#define RepoRoot AddBackslash(SourcePath) + "..\.."

[Setup]
; AppId identifies the product across versions (upgrade in place, one uninstall entry):
; NEVER change it. The doubled brace escapes Inno's constant syntax.
AppId={{6F0C1E52-3B7A-4D2C-9E61-5A8F2B47C0D3}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=PlantConsole
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; per-machine install: Program Files and the all-users Start menu
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; an upgrade goes where the previous version went, and closes a running console first
UsePreviousAppDir=yes
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
SetupIconFile={#RepoRoot}\resources\icons\plantconsole.ico
OutputDir={#RepoRoot}\dist\installer
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
#ifdef Sign
; The sign tool "pcsign" is defined on the ISCC command line (/Spcsign=...). Signing
; through Inno signs the uninstaller and Setup's temporary self-copies too.
SignTool=pcsign
SignedUninstaller=yes
#endif

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "de"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade replaces the whole bundle: no stale modules of an older version stay behind
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#RepoRoot}\dist\PlantConsole\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#RepoRoot}\dist\PlantConsole.sbom.cdx.json"; DestDir: "{app}"; Flags: ignoreversion skipifsourcedoesntexist

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Comment: "Plant health, incidents and diagnostics"
Name: "{group}\{#AppName} Demo"; Filename: "{app}\{#AppExe}"; Parameters: "demo"; WorkingDir: "{app}"; Comment: "The console on a simulated plant"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent unchecked

[UninstallDelete]
; only what the installed program may leave inside its own folder; user data is elsewhere
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
