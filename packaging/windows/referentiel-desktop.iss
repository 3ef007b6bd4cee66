; Inno Setup script: a per-user installer for Windows (no administrator needed).
; Build the one-folder program first (packaging/referentiel-desktop.spec), then from the
; repository root:  ISCC.exe /DAppVersion=0.1.0 packaging\windows\referentiel-desktop.iss
; The uninstaller removes the program only: the user's notes, cases and backups live in
; %LOCALAPPDATA%\referentiel-desktop\referentiel-desktop and are left where they are.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Référentiel Desktop"
#define AppExe "referentiel-desktop.exe"
#define ProgId "ReferentielDesktop.Bundle"

[Setup]
AppId={{6F0B8C2E-4D3A-4F1B-9E2C-7A5D1B3C9E41}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Référentiel Desktop contributors
AppPublisherURL=https://github.com/referentiel-desktop/referentiel-desktop
DefaultDirName={localappdata}\Programs\Referentiel Desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\build\icons\referentiel-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\build\windows
OutputBaseFilename=referentiel-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\referentiel-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Registry]
; The .rdbundle association, for this user only (HKCU): a double-click opens the import preview.
Root: HKCU; Subkey: "Software\Classes\.rdbundle"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\.rdbundle"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-referentiel-bundle"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Référentiel Desktop bundle"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] for the data folder: the user's data outlives the program.
