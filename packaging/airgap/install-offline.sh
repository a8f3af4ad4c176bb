#!/usr/bin/env bash
# Installs the appliance from an offline bundle (made by packaging/airgap/build-bundle.sh) on a host without network.
# Same layout as ./install.sh of the source tree; no .NET is needed (the bundle is self-contained).
#   sudo ./install-offline.sh [--prefix DIR] [--listen ADDR:PORT] [--data-dir DIR] [--no-service]
set -euo pipefail

BUNDLE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prog=install-offline
# In the bundle next to this script; packaging/install-common.sh in the source tree.
# shellcheck source-path=SCRIPTDIR source=../install-common.sh
source "$BUNDLE/install-common.sh"

usage() {
    cat <<'EOF'
Usage: sudo ./install-offline.sh [--prefix DIR] [--listen ADDR:PORT] [--data-dir DIR] [--no-service]

Installs the appliance of this bundle on this host (no network, no .NET SDK needed):
  DIR (default /opt/appliance)        the self-contained web app; the CLI in DIR/cli, the models in DIR/models
  /usr/local/bin/appliance            the CLI (runs as the appliance user when called by root)
  system user "appliance"             the service account
  --data-dir (default /var/lib/appliance, mode 0700)  metadata store, keystore
  /etc/appliance/appliance.env (0600) service environment (listen URL, data dir, metadata store, ...)
  appliance.service                   systemd unit, enabled and started (when systemd runs)
--listen defaults to 0.0.0.0:8080. An existing appliance.env is kept (only its listen URL changes, and only when
--listen is given). Re-running with a newer bundle upgrades in place; the previous version stays in DIR.previous.
The bundle's SHA256SUMS is checked first.
EOF
}

parse_options install_option "$@"

[[ $(id -u) -eq 0 ]] || die "installing needs root (sudo ./install-offline.sh)"
check_install_dirs
[[ -x $BUNDLE/app/Appliance.Web && -x $BUNDLE/app/cli/appliance ]] || die "$BUNDLE does not look like an appliance bundle"
[[ $(uname -m) == x86_64 ]] || die "this bundle is for linux-x64, not $(uname -m)"
install_settings

# 1. Integrity.
if [[ -f $BUNDLE/SHA256SUMS ]]; then
    say "Checking SHA256SUMS"
    (cd "$BUNDLE" && sha256sum --quiet -c SHA256SUMS) || die "the bundle is damaged (SHA256SUMS does not match)"
else
    say "No SHA256SUMS in the bundle: integrity not checked"
fi

# Native libraries the self-contained runtime loads from the host.
if command -v ldconfig >/dev/null 2>&1; then
    ldconfig -p | grep -q 'libicuuc\.so' ||
        say "WARNING: ICU (libicu) not found: install your distribution's libicu package, the appliance needs it"
    ldconfig -p | grep -q 'libssl\.so\.3' ||
        say "WARNING: OpenSSL 3 (libssl.so.3) not found: TLS connections to databases will fail without it"
fi

# 2. Stage next to the target (same file system, so the switch is a rename).
begin_staging
say "Copying the application"
cp -R "$BUNDLE/app" "$staging"
if [[ -d $BUNDLE/models ]]; then
    cp -R "$BUNDLE/models" "$staging/models"
fi
[[ -f $BUNDLE/VERSION ]] && cp "$BUNDLE/VERSION" "$staging/VERSION"

chmod 0755 "$staging/Appliance.Web" "$staging/cli/appliance"
# Launchers (they load the env file and drop to the appliance user when started by root), owner and modes.
finish_staging install-offline.sh "$prefix/cli/appliance" "$prefix/Appliance.Web"

# 3. Service account and data directory.
create_service_account

# 4. Environment file: created once, then kept (only the listen URL is updated when --listen is given).
write_env_file

# 5. Switch versions.
switch_build
say "Installed $(cat "$prefix/VERSION" 2>/dev/null || echo appliance) in $prefix"

# 6. Service.
install_service "$prefix/Appliance.Web"

say "Appliance URL: $(display_url "$url")"
