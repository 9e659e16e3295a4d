<#
.SYNOPSIS
  Build the Windows bundle (dist\reportdesk\) and the installer (dist\reportdesk-<version>-setup.exe).

.DESCRIPTION
  On Windows 10/11 with Python 3.11+ (64-bit) on PATH, from the checkout:

    python -m pip install ".[package]"
    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

  Needs Inno Setup 6 (ISCC.exe); when it is missing and Chocolatey is there, it is installed
  with `choco install innosetup`. The Chinese messages of the installer (ChineseSimplified.isl)
  are copied from the Inno Setup installation when it has them, otherwise downloaded from Inno
  Setup's source repository at the tag of the installed version (see docs/packaging.md).
  .github/workflows/windows.yml runs this script on windows-latest.

.PARAMETER NoInstaller
  Build the bundle only.
#>
[CmdletBinding()]
param([switch]$NoInstaller)

$ErrorActionPreference = 'Stop'
$Root = (Resolve-Path (Join-Path $PSScriptRoot '..\..')).Path
Set-Location $Root
$Python = if ($env:PYTHON) { $env:PYTHON } else { 'python' }

function Invoke-Native {
    param([string]$File, [string[]]$Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit status $LASTEXITCODE" }
}

function Find-Iscc {
    $candidates = @()
    $command = Get-Command 'ISCC.exe' -ErrorAction SilentlyContinue
    if ($command) { $candidates += $command.Source }
    foreach ($base in @(${env:ProgramFiles(x86)}, $env:ProgramFiles, (Join-Path $env:LOCALAPPDATA 'Programs'))) {
        if ($base -and (Test-Path $base)) {
            $candidates += Get-ChildItem -Path $base -Directory -Filter 'Inno Setup*' -ErrorAction SilentlyContinue |
                Sort-Object Name -Descending | ForEach-Object { Join-Path $_.FullName 'ISCC.exe' }
        }
    }
    return $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
}

function Test-Utf8 {
    param([byte[]]$Bytes)
    try { [void](New-Object System.Text.UTF8Encoding($false, $true)).GetString($Bytes); return $true }
    catch { return $false }
}

function Get-ChineseMessages {
    # Inno Setup's Chinese (Simplified) messages, next to reportdesk.iss, UTF-8 with a BOM.
    param([string]$Iscc)
    $target = Join-Path $PSScriptRoot 'ChineseSimplified.isl'
    $innoDir = Split-Path $Iscc
    $shipped = @('Languages\ChineseSimplified.isl', 'Languages\Unofficial\ChineseSimplified.isl') |
        ForEach-Object { Join-Path $innoDir $_ } | Where-Object { Test-Path $_ } | Select-Object -First 1
    if ($shipped) {
        Write-Host "Chinese messages: $shipped"
        Copy-Item $shipped $target -Force
    } else {
        $version = (Get-Item $Iscc).VersionInfo.ProductVersion
        $parts = @([regex]::Matches($version, '\d+') | Select-Object -First 3 | ForEach-Object { $_.Value })
        $tag = 'is-' + ($parts -join '_')
        $urls = @(
            "https://raw.githubusercontent.com/jrsoftware/issrc/$tag/Files/Languages/ChineseSimplified.isl",
            "https://raw.githubusercontent.com/jrsoftware/issrc/$tag/Files/Languages/Unofficial/ChineseSimplified.isl"
        )
        $got = $false
        foreach ($url in $urls) {
            try {
                Invoke-WebRequest -Uri $url -OutFile $target -UseBasicParsing
                Write-Host "Chinese messages for Inno Setup $version`: $url"
                $got = $true
                break
            } catch {
                Write-Host "not found: $url"
            }
        }
        if (-not $got) { throw "ChineseSimplified.isl for Inno Setup $version was found neither in $innoDir nor at $($urls -join ', ')" }
    }
    $bytes = [System.IO.File]::ReadAllBytes($target)
    if ([System.Text.Encoding]::ASCII.GetString($bytes) -notmatch 'LanguageID=\$0804') {
        throw "$target is not the Simplified Chinese messages file"
    }
    $hasBom = $bytes.Length -ge 3 -and $bytes[0] -eq 0xEF -and $bytes[1] -eq 0xBB -and $bytes[2] -eq 0xBF
    if (-not $hasBom -and (Test-Utf8 $bytes)) {
        # Without a BOM the compiler would read UTF-8 as the ANSI code page: garbled Chinese.
        [System.IO.File]::WriteAllBytes($target, [byte[]]([byte[]](0xEF, 0xBB, 0xBF) + $bytes))
    }
}

# 1. The bundle
& $Python -c 'import PyInstaller'
if ($LASTEXITCODE -ne 0) { Invoke-Native $Python @('-m', 'pip', 'install', '--quiet', 'pyinstaller>=6.10') }
Invoke-Native $Python @('-m', 'PyInstaller', '--noconfirm', '--clean', '--log-level', 'WARN',
    '--workpath', 'build\pyinstaller', '--distpath', 'dist', 'packaging\reportdesk.spec')
$bundle = Join-Path $Root 'dist\reportdesk'
$bytes = (Get-ChildItem $bundle -Recurse -File | Measure-Object -Property Length -Sum).Sum
Write-Host ("Bundle: {0}, {1:N0} MB" -f $bundle, ($bytes / 1MB))
if ($NoInstaller) { return }

# 2. The installer
$init = Get-Content -Raw -Encoding UTF8 (Join-Path $Root 'src\reportdesk\__init__.py')
if ($init -notmatch '__version__\s*=\s*"([^"]+)"') { throw 'no __version__ in src\reportdesk\__init__.py' }
$version = $Matches[1]
$numeric = (@([regex]::Matches($version, '\d+') | Select-Object -First 4 | ForEach-Object { $_.Value }) -join '.')

$iscc = Find-Iscc
if (-not $iscc -and (Get-Command 'choco' -ErrorAction SilentlyContinue)) {
    Invoke-Native 'choco' @('install', 'innosetup', '-y', '--no-progress')
    $iscc = Find-Iscc
}
if (-not $iscc) { throw 'Inno Setup 6 (ISCC.exe) is not installed: https://jrsoftware.org/isinfo.php' }
Write-Host "Inno Setup: $iscc ($((Get-Item $iscc).VersionInfo.ProductVersion))"
Get-ChineseMessages $iscc

Invoke-Native $iscc @("/DAppVersion=$version", "/DNumericVersion=$numeric", "/DSourceDir=$bundle",
    "/O$(Join-Path $Root 'dist')", (Join-Path $PSScriptRoot 'reportdesk.iss'))
Get-ChildItem (Join-Path $Root 'dist') -Filter 'reportdesk-*-setup.exe' | ForEach-Object {
    Write-Host ("Installer: {0}, {1:N0} MB" -f $_.FullName, ($_.Length / 1MB))
}
