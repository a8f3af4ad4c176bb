#!/usr/bin/env bash
# Installs the database copilot appliance from this source tree.
# Run ./install.sh --help for the options.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

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

die() {
    printf 'install.sh: %s\n' "$*" >&2
    exit 1
}
say() { printf '==> %s\n' "$*"; }

listen_url() {
    local l=$1
    case $l in
    http://* | https://*) printf '%s\n' "$l" ;;
    :*) printf 'http://0.0.0.0%s\n' "$l" ;;
    *:*) printf 'http://%s\n' "$l" ;;
    *[!0-9]* | '') die "invalid --listen value: $l" ;;
    *) printf 'http://0.0.0.0:%s\n' "$l" ;;
    esac
}

# The URL to show: a wildcard host is replaced by this machine's first address.
display_url() {
    local url=$1 host
    if [[ $url =~ ^(https?)://(0\.0\.0\.0|\*|\+|\[::\]):([0-9]+) ]]; then
        host=$(hostname -I 2>/dev/null | awk '{print $1}')
        [[ -n $host ]] || host=$(hostname)
        printf '%s://%s:%s/\n' "${BASH_REMATCH[1]}" "$host" "${BASH_REMATCH[3]}"
    else
        printf '%s/\n' "${url%/}"
    fi
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
prefix=/opt/appliance
data_dir=/var/lib/appliance
listen=""
service=1
while (($# > 0)); do
    case $1 in
    --dev) dev=1 ;;
    --prefix)
        (($# >= 2)) || die "--prefix needs a directory"
        prefix=$2
        shift
        ;;
    --prefix=*) prefix=${1#*=} ;;
    --listen)
        (($# >= 2)) || die "--listen needs an address"
        listen=$2
        shift
        ;;
    --listen=*) listen=${1#*=} ;;
    --data-dir)
        (($# >= 2)) || die "--data-dir needs a directory"
        data_dir=$2
        shift
        ;;
    --data-dir=*) data_dir=${1#*=} ;;
    --no-service) service="" ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) die "unknown option: $1 (see --help)" ;;
    esac
    shift
done

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# ---------------------------------------------------------------------------------------------------------------
# --dev: foreground, from the checkout
# ---------------------------------------------------------------------------------------------------------------
if [[ -n $dev ]]; then
    check_build_tools
    url=$(listen_url "${listen:-127.0.0.1:8080}")
    mkdir -p -m 700 "$REPO/data"
    export ASPNETCORE_URLS=$url
    export Appliance__DataDirectory=$REPO/data
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
[[ $prefix == /* && $prefix != / ]] || die "--prefix must be an absolute directory other than /"
[[ $data_dir == /* && $data_dir != / ]] || die "--data-dir must be an absolute directory other than /"
url=$(listen_url "${listen:-0.0.0.0:8080}")
dotnet_host=$(readlink -f "$(command -v dotnet)")
env_dir=/etc/appliance
env_file=$env_dir/appliance.env
unit=/etc/systemd/system/appliance.service
have_systemd=""
if [[ -n $service && -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    have_systemd=1
fi

# 1. Build into DIR.new next to the target (same file system, so the switch is a rename).
staging=$prefix.new
rm -rf "$staging"
mkdir -p "$(dirname "$prefix")"
trap 'rm -rf "$staging"' EXIT
say "Publishing the web app (Release)"
dotnet publish "$REPO/src/Appliance.Web" -c Release -o "$staging" --nologo
say "Publishing the CLI (Release)"
dotnet publish "$REPO/src/Appliance.Cli" -c Release -o "$staging/cli" --nologo

# Launchers: both load the env file and drop to the appliance user when started by root.
mkdir -p "$staging/bin"
launcher() { # $1 = dll to run
    cat <<EOF
#!/bin/sh
# Generated by install.sh. Loads $env_file (KEY=VALUE lines, no quotes; variables already set in the
# environment win) and runs $1.
set -e
if [ -r "$env_file" ]; then
    while IFS= read -r line || [ -n "\$line" ]; do
        case \$line in
        '' | '#'*) ;;
        *=*) printenv "\${line%%=*}" >/dev/null 2>&1 || export "\$line" ;;
        esac
    done <"$env_file"
fi
if [ "\$(id -u)" = 0 ]; then
    exec runuser -u appliance -- "$dotnet_host" "$1" "\$@"
fi
exec "$dotnet_host" "$1" "\$@"
EOF
}
launcher "$prefix/cli/appliance.dll" >"$staging/bin/appliance"
launcher "$prefix/Appliance.Web.dll" >"$staging/bin/appliance-server"
chmod 0755 "$staging/bin/appliance" "$staging/bin/appliance-server"
chmod -R u=rwX,go=rX "$staging"
chown -R root:root "$staging"

# 2. Service account and data directory.
if ! getent passwd appliance >/dev/null; then
    say "Creating the system user appliance"
    useradd --system --user-group --home-dir "$data_dir" --no-create-home --shell /usr/sbin/nologin \
        --comment "Database copilot appliance" appliance
fi
install -d -m 0700 -o appliance -g appliance "$data_dir"
chmod 0700 "$data_dir"
chown appliance:appliance "$data_dir"
runuser -u appliance -- "$dotnet_host" --list-runtimes 2>/dev/null | grep -q '^Microsoft.AspNetCore.App 10\.' ||
    die "the appliance user cannot run $dotnet_host with the ASP.NET Core 10 runtime (is dotnet installed system-wide?)"

# 3. Environment file: created once, then kept (only the listen URL is updated when --listen is given).
install -d -m 0755 "$env_dir"
if [[ ! -f $env_file ]]; then
    say "Writing $env_file"
    (
        umask 077
        cat >"$env_file" <<EOF
# Environment of the appliance (systemd EnvironmentFile syntax: KEY=VALUE, no quotes). Keep this file 0600.
ASPNETCORE_URLS=$url
ASPNETCORE_ENVIRONMENT=Production
Appliance__DataDirectory=$data_dir
# Metadata store: SQLite in the data directory by default. For PostgreSQL:
#Appliance__Metadata__Provider=Postgres
#Appliance__Metadata__ConnectionString=Host=db.example;Port=5432;Username=appliance;Password=change-me;Database=appliance
# Keystore master key in a file instead of the data directory:
#Appliance__Keystore__MasterKeyFile=/etc/appliance/master.key
EOF
    )
elif [[ -n $listen ]]; then
    say "Setting ASPNETCORE_URLS=$url in $env_file"
    if grep -q '^ASPNETCORE_URLS=' "$env_file"; then
        sed -i "s|^ASPNETCORE_URLS=.*|ASPNETCORE_URLS=$url|" "$env_file"
    else
        printf 'ASPNETCORE_URLS=%s\n' "$url" >>"$env_file"
    fi
fi
chown root:root "$env_file"
chmod 0600 "$env_file"
# The URL actually configured (an older env file may say something else).
url=$(sed -n 's/^ASPNETCORE_URLS=//p' "$env_file" | tail -n 1 | cut -d';' -f1)
url=${url:-http://localhost:5000}

# 4. Switch builds.
if [[ -n $have_systemd ]] && systemctl is-active --quiet appliance.service; then
    say "Stopping appliance.service"
    systemctl stop appliance.service
fi
if [[ -d $prefix ]]; then
    rm -rf "$prefix.previous"
    mv "$prefix" "$prefix.previous"
fi
mv "$staging" "$prefix"
trap - EXIT
ln -sfn "$prefix/bin/appliance" /usr/local/bin/appliance
say "Installed in $prefix"

# 5. Service.
if [[ -n $have_systemd ]]; then
    say "Installing $unit"
    cat >"$unit" <<EOF
[Unit]
Description=Database copilot appliance
Documentation=file://$prefix
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=appliance
Group=appliance
EnvironmentFile=$env_file
WorkingDirectory=$prefix
ExecStart=$dotnet_host $prefix/Appliance.Web.dll
Restart=on-failure
RestartSec=5
TimeoutStopSec=30
UMask=0077
LimitNOFILE=65536
NoNewPrivileges=true
PrivateTmp=true
PrivateDevices=true
ProtectSystem=strict
ProtectHome=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectControlGroups=true
ReadWritePaths=$data_dir

[Install]
WantedBy=multi-user.target
EOF
    systemctl daemon-reload
    systemctl enable --quiet appliance.service
    systemctl restart appliance.service
    say "appliance.service is running (journalctl -u appliance -f for the log)"
elif [[ -n $service ]]; then
    say "systemd is not running here: no service installed. Start the appliance with:"
    echo "    $prefix/bin/appliance-server"
else
    say "No service installed (--no-service). Start the appliance with:"
    echo "    $prefix/bin/appliance-server"
fi

say "Appliance URL: $(display_url "$url")"
