# Build the one-folder PlantConsole bundle on Windows - the one documented build command:
#
#   powershell -ExecutionPolicy Bypass -File scripts\build_bundle.ps1          # bundle + SBOM
#   powershell -ExecutionPolicy Bypass -File scripts\build_bundle.ps1 -Fresh   # new build venv
#   ... -Installer      also the Inno Setup installer (needs ISCC.exe, Inno Setup 6)
#
# Output: dist\PlantConsole\ (PlantConsole.exe, plantconsole-cli.exe), the CycloneDX SBOM
# dist\PlantConsole.sbom.cdx.json, with -Installer dist\installer\PlantConsole-<ver>-setup.exe.
# The build venv (build\venv) holds exactly what requirements.lock pins (hash-checked) plus
# this project; it is made anew when the lock file changes. $env:PYTHON picks the Python
# (default: py -3.12, else python). PLANTCONSOLE_DEBUG_CONSOLE=1: see build.spec.
[CmdletBinding()]
param([switch]$Fresh, [switch]$Installer)

$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent $PSScriptRoot)
$start = Get-Date
$Venv = "build\venv"
$Tools = "build\sbom-venv"
$Dist = "dist"

function Invoke-Checked {
    # A plain function (no param block), so "-m", "-q" and "--flags" pass through in $args.
    $exe = $args[0]
    $rest = @($args | Select-Object -Skip 1)
    & $exe @rest
    if ($LASTEXITCODE -ne 0) { throw "$exe $($rest -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-BasePython {
    if ($env:PYTHON) { return @($env:PYTHON) }
    if (Get-Command py -ErrorAction SilentlyContinue) { return @("py", "-3.12") }
    return @("python")
}

function New-LockedVenv {
    param([string]$Dir, [string]$Lock)
    $id = (Get-FileHash $Lock -Algorithm SHA256).Hash.Substring(0, 16)
    $marker = Join-Path $Dir ".lock-id"
    if ($Fresh -or -not (Test-Path $marker) -or (Get-Content $marker) -ne $id) {
        if (Test-Path $Dir) { Remove-Item -Recurse -Force $Dir }
        $base = @(Get-BasePython)
        $baseArgs = @($base | Select-Object -Skip 1) + @("-m", "venv", $Dir)
        Invoke-Checked $base[0] @baseArgs
        Invoke-Checked "$Dir\Scripts\python.exe" -m pip install -q --upgrade --no-deps pip
        Invoke-Checked "$Dir\Scripts\python.exe" -m pip install -q --require-hashes --no-deps -r $Lock
        Set-Content -Path $marker -Value $id
    }
}

Write-Host "== build venv from requirements.lock"
New-LockedVenv $Venv "requirements.lock"
$py = "$Venv\Scripts\python.exe"
Invoke-Checked $py -m pip install -q --no-deps --no-build-isolation --force-reinstall .
Invoke-Checked $py -m pip check

Write-Host "== translations (.ts -> .qm)"
Invoke-Checked $py scripts\translations.py build

Write-Host "== PyInstaller"
$buildStart = Get-Date
Invoke-Checked "$Venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
    --distpath $Dist --workpath build\pyinstaller build.spec
$buildSeconds = [int]((Get-Date) - $buildStart).TotalSeconds

Write-Host "== SBOM (CycloneDX JSON)"
New-LockedVenv $Tools "packaging\sbom-requirements.lock"
Invoke-Checked "$Tools\Scripts\cyclonedx-py.exe" environment --output-format JSON `
    --output-reproducible --mc-type application `
    --output-file "$Dist\PlantConsole.sbom.cdx.json" $py

Write-Host "== smoke: --version and check-config"
Invoke-Checked "$Dist\PlantConsole\plantconsole-cli.exe" --version
Invoke-Checked "$Dist\PlantConsole\plantconsole-cli.exe" check-config `
    "$Dist\PlantConsole\_internal\resources\demo_plant.toml"

if ($Installer) {
    Write-Host "== installer (Inno Setup)"
    $iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
    if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
    if (-not (Test-Path $iscc)) { throw "ISCC.exe not found: install Inno Setup 6 (choco install innosetup)" }
    $version = (& $py -c "from importlib.metadata import version; print(version('plantconsole'))").Trim()
    Invoke-Checked $iscc /Q "/DAppVersion=$version" packaging\windows\PlantConsole.iss
}

$sizeMb = [math]::Round(((Get-ChildItem -Recurse "$Dist\PlantConsole" | Measure-Object Length -Sum).Sum / 1MB), 0)
Write-Host "bundle: $Dist\PlantConsole ($sizeMb MB), SBOM: $Dist\PlantConsole.sbom.cdx.json"
Write-Host "PyInstaller $buildSeconds s, whole build $([int]((Get-Date) - $start).TotalSeconds) s"
