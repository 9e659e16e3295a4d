<#
.SYNOPSIS
  Install dist\reportdesk-*-setup.exe silently as the current (non-admin) user, run the
  installed program, uninstall it, and check that nothing is left behind.

.DESCRIPTION
  .github/workflows/windows.yml runs this after build.ps1. It can also be run by hand on a
  test machine:  powershell -ExecutionPolicy Bypass -File packaging\windows\test-installer.ps1
#>
[CmdletBinding()]
param([string]$Setup)

$ErrorActionPreference = 'Stop'
$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
if (-not $Setup) {
    $Setup = (Get-ChildItem (Join-Path $Root 'dist') -Filter 'reportdesk-*-setup.exe' | Select-Object -First 1).FullName
}
if (-not $Setup) { throw 'no dist\reportdesk-*-setup.exe: run build.ps1 first' }

$programs = [Environment]::GetFolderPath('Programs')   # the user's Start menu\Programs
$target = Join-Path $env:LOCALAPPDATA 'Programs\reportdesk'
if (Test-Path $target) { throw "$target exists already; uninstall reportdesk first" }
$before = @(Get-ChildItem $programs -Filter '*.lnk' -Recurse | ForEach-Object FullName)

function Wait-Until {
    param([scriptblock]$Condition, [int]$Seconds = 120)
    $deadline = (Get-Date).AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ((Get-Date) -gt $deadline) { return $false }
        Start-Sleep -Milliseconds 500
    }
    return $true
}

# Per-user, silent: no administrator prompt may appear (PrivilegesRequired=lowest).
$install = Start-Process -FilePath $Setup -ArgumentList '/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART', '/SP-' -Wait -PassThru
if ($install.ExitCode -ne 0) { throw "setup exited with $($install.ExitCode)" }
foreach ($name in @('reportdesk.exe', 'reportdesk-cli.exe', 'unins000.exe', '_internal\reportdesk\resources\forms\gov-info-2021.toml')) {
    if (-not (Test-Path (Join-Path $target $name))) { throw "not installed: $target\$name" }
}
$shortcuts = @(Get-ChildItem $programs -Filter '*.lnk' -Recurse | ForEach-Object FullName | Where-Object { $before -notcontains $_ })
if ($shortcuts.Count -ne 1) { throw "expected one new Start-menu shortcut, found: $($shortcuts -join ', ')" }
$link = (New-Object -ComObject WScript.Shell).CreateShortcut($shortcuts[0])
if ($link.TargetPath -ne (Join-Path $target 'reportdesk.exe')) { throw "the shortcut starts $($link.TargetPath)" }
Write-Host "installed: $target; shortcut $($shortcuts[0])"

$version = & (Join-Path $target 'reportdesk-cli.exe') --version
if ($LASTEXITCODE -ne 0 -or $version -notmatch '^reportdesk \d') { throw "installed reportdesk-cli.exe --version: $version" }
Write-Host "installed program runs: $version"

# The uninstaller copies itself to a temporary folder and returns at once: wait for the result.
$uninstall = Start-Process -FilePath (Join-Path $target 'unins000.exe') -ArgumentList '/VERYSILENT', '/SUPPRESSMSGBOXES', '/NORESTART' -Wait -PassThru
if ($uninstall.ExitCode -ne 0) { throw "uninstaller exited with $($uninstall.ExitCode)" }
if (-not (Wait-Until { -not (Test-Path $target) })) {
    throw "left behind after uninstalling: $((Get-ChildItem $target -Recurse | ForEach-Object FullName) -join ', ')"
}
if (-not (Wait-Until { -not (Test-Path $shortcuts[0]) })) { throw "shortcut left behind: $($shortcuts[0])" }
Write-Host 'uninstalled: program folder and shortcut removed'
