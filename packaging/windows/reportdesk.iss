; Windows installer of reportdesk (Inno Setup 6), in Chinese.
;
; Built by .github/workflows/windows.yml after PyInstaller has made dist\reportdesk\:
;   packaging\windows\build.ps1, which runs
;   ISCC.exe /DAppVersion=0.1.0 /DNumericVersion=0.1.0 /DSourceDir=<abs>\dist\reportdesk /O<abs>\dist reportdesk.iss
;
; - Per-user install, no administrator rights (PrivilegesRequired=lowest): the program goes
;   to %LOCALAPPDATA%\Programs\reportdesk, the shortcut to the user's Start menu.
; - The wizard speaks Simplified Chinese: ChineseSimplified.isl is Inno Setup's Chinese
;   translation (user-contributed, maintained outside Inno Setup's own team). It is not in
;   this repository: the workflow copies the one that comes with the installed Inno Setup or,
;   if that has none, downloads the one matching its version (see docs/packaging.md).
; - This file and ChineseSimplified.isl must be UTF-8 *with* a byte-order mark: without it
;   the compiler reads them in the machine's ANSI code page and the Chinese comes out garbled.
; - The console twin reportdesk-cli.exe (the command line) is installed beside reportdesk.exe
;   but gets no shortcut: it is for the IT person, who runs it from a command prompt.
; - Uninstalling (控制面板 → 程序和功能, or 设置 → 应用) removes the program folder and the
;   shortcuts. The clerk's drafts in %LOCALAPPDATA%\reportdesk are left alone on purpose.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
; Windows file versions are numbers only: 0.1.0rc1 -> 0.1.0.1
#ifndef NumericVersion
  #define NumericVersion AppVersion
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\reportdesk"
#endif

#define AppName "政府信息公开年报填报"
#define AppExe "reportdesk.exe"

[Setup]
; The AppId ties upgrades and the uninstaller together: never change it.
AppId={{48B993D5-B860-4F05-9861-D5E02A96713D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=reportdesk
AppComments=离线填报、校验《政府信息公开工作年度报告》并导出 Word 文档
VersionInfoVersion={#NumericVersion}
VersionInfoProductName={#AppName}
DefaultDirName={autopf}\reportdesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and later.
MinVersion=10.0
OutputBaseFilename=reportdesk-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\reportdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not keep libraries of the previous version beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "填报、校验政府信息公开工作年度报告"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
