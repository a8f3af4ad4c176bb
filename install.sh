#!/usr/bin/env bash
# Installs the database copilot appliance from this source tree.
# Run ./install.sh --help for the options.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=install.sh
# shellcheck source-path=SCRIPTDIR source=packaging/install-common.sh
source "$REPO/packaging/install-common.sh"

usage() {
    cat <<'EOF'
Usage:
  ./install.sh --dev [--listen ADDR:PORT]
      Builds and runs the appliance in the foreground from this checkout, on its embedded defaults
      (SQLite metadata store, data in ./data), on http://127.0.0.1:8080. Ctrl-C stops it.
      Needs the .NET 10 SDK and Node.js/npm (the front-end is built by the web project).

  sudo ./install.sh [--prefix DIR] [--listen ADDR:PORT] [--data-dir DIR] [--no-service]
      Installs a Release build on this host:
        DIR (default /opt/appliance)        the published web app; the CLI in DIR/cli
        /usr/local/bin/appliance            the CLI (runs as the appliance user when called by root)
        system user "appliance"             the service account
        --data-dir (default /var/lib/appliance, mode 0700)  metadata store, keystore, logs
        /etc/appliance/appliance.env (0600) service environment (listen URL, data dir, metadata store, ...)
        appliance.service                   systemd unit, enabled and started (when systemd runs)
      --listen defaults to 0.0.0.0:8080 (all interfaces). An existing appliance.env is kept; only its listen
      URL changes, and only when --listen is given. Re-running upgrades in place (the previous build is kept in
      DIR.previous). Needs root, the .NET 10 SDK and Node.js/npm.

  --help  shows this text.

Listen addresses: "0.0.0.0:8080", "127.0.0.1:9000", ":8080", "8080" or a URL such as "http://10.0.0.5:8080".
EOF
}

check_build_tools() {
    command -v dotnet >/dev/null 2>&1 ||
        die "dotnet not found: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux)"
    dotnet --list-sdks 2>/dev/null | grep -q '^10\.' ||
        die "the .NET 10 SDK is required (found: $(dotnet --list-sdks 2>/dev/null | awk '{print $1}' | tr '\n' ' ')none of 10.x)"
    command -v node >/dev/null 2>&1 ||
        die "node not found: the front-end build needs Node.js and npm (Debian: apt-get install nodejs npm)"
    command -v npm >/dev/null 2>&1 ||
        die "npm not found: the front-end build needs Node.js and npm (Debian: apt-get install npm)"
}

dev=""
option() { # the installer's options, and --dev
    case $1 in
    --dev) dev=1 ;;
    *) install_option "$@" ;;
    esac
}
parse_options option "$@"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---------------------------------------------------------------------------------------------------------------
# --dev: foreground, from the checkout
# ---------------------------------------------------------------------------------------------------------------
if [[ -n $dev ]]; then
    check_build_tools
    url=$(listen_url "${listen:-127.0.0.1:8080}")
    # shellcheck disable=SC2174 # $REPO exists: only data is created, with mode 700.
    mkdir -p -m 700 "$REPO/data"
    export ASPNETCORE_URLS=$url
    export Appliance__DataDirectory=$REPO/data
    # The checkout's models/ folder (GGUF files and manifest.json, none committed).
    export Appliance__Copilot__ModelDirectory=${Appliance__Copilot__ModelDirectory:-$REPO/models}
    # Production behaviour (friendly error pages, no developer exception page) unless asked otherwise.
    export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
    say "Building and starting the appliance on $(display_url "$url") (data in ./data, Ctrl-C to stop)"
    cd "$REPO"
    # --no-launch-profile: the URL and environment above win over Properties/launchSettings.json.
    exec dotnet run --project src/Appliance.Web --no-launch-profile
fi

# ---------------------------------------------------------------------------------------------------------------
# Host install
# ---------------------------------------------------------------------------------------------------------------
[[ $(id -u) -eq 0 ]] || die "installing needs root (sudo ./install.sh), or use ./install.sh --dev"
check_build_tools
check_install_dirs
install_settings
dotnet_host=$(readlink -f "$(command -v dotnet)")

# 1. Build into DIR.new next to the target (same file system, so the switch is a rename).
begin_staging
say "Publishing the web app (Release)"
dotnet publish "$REPO/src/Appliance.Web" -c Release -o "$staging" --nologo
say "Publishing the CLI (Release)"
dotnet publish "$REPO/src/Appliance.Cli" -c Release -o "$staging/cli" --nologo
# Launchers (they load the env file and drop to the appliance user when started by root), owner and modes.
finish_staging install.sh "$prefix/cli/appliance.dll" "$prefix/Appliance.Web.dll" "$dotnet_host"

# 2. Service account and data directory.
create_service_account
runuser -u appliance -- "$dotnet_host" --list-runtimes 2>/dev/null | grep -q '^Microsoft.AspNetCore.App 10\.' ||
    die "the appliance user cannot run $dotnet_host with the ASP.NET Core 10 runtime (is dotnet installed system-wide?)"

# 3. Environment file: created once, then kept (only the listen URL is updated when --listen is given).
write_env_file

# 4. Switch builds.
switch_build
say "Installed in $prefix"

# 5. Service.
install_service "$dotnet_host $prefix/Appliance.Web.dll"

say "Appliance URL: $(display_url "$url")"
