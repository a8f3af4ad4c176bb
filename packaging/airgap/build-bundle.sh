#!/usr/bin/env bash
# Builds the offline (air-gap) bundle of the appliance on a connected build machine. See packaging/airgap/README.md.
#   packaging/airgap/build-bundle.sh [--output DIR] [--version VERSION] [--no-image]
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RID=linux-x64
prog=build-bundle
# shellcheck source-path=SCRIPTDIR source=../install-common.sh
source "$REPO/packaging/install-common.sh"

usage() {
    cat <<'EOF'
Usage: packaging/airgap/build-bundle.sh [--output DIR] [--version VERSION] [--no-image]

Builds appliance-VERSION-linux-x64.tar.gz (and its .sha256) in DIR (default: artifacts/airgap), containing:
  app/                 the web app, self-contained linux-x64 (no .NET needed on the target), front-end included
  app/cli/             the `appliance` CLI, self-contained
  helm/appliance/      the Helm chart, and values-airgap.yaml pointing at the bundled image
  images/              the container image (docker save), when docker can build here (--no-image skips it)
  models/              models to ship (copied from ./models, if any) and MANIFEST.json
  install-offline.sh   installs on a host without network (systemd service, like ./install.sh)
  install-common.sh    the install steps install-offline.sh shares with ./install.sh (sourced by it)
  README.md, SHA256SUMS

Needs the .NET 10 SDK, Node.js/npm and network access (NuGet, npm; docker for the image).
The sources are copied to a temporary directory first: the checkout is left untouched.
EOF
}

output=$REPO/artifacts/airgap
version=""
image=1
option() {
    case $1 in
    --output | --output=*) option_value output "a directory" "$@" ;;
    --version | --version=*) option_value version "a value" "$@" ;;
    --no-image) image="" ;;
    *) return 1 ;;
    esac
}
parse_options option "$@"

command -v dotnet >/dev/null 2>&1 || die "dotnet not found (the .NET 10 SDK is needed)"
dotnet --list-sdks 2>/dev/null | grep -q '^10\.' || die "the .NET 10 SDK is needed"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    die "node and npm are needed (front-end build)"
fi
command -v sha256sum >/dev/null 2>&1 || die "sha256sum not found"

if [[ -z $version ]]; then
    version=$(git -C "$REPO" describe --tags --always --dirty 2>/dev/null || date -u +%Y%m%d%H%M)
fi
version=$(printf '%s' "$version" | tr -c 'A-Za-z0-9._-' '-')
name=appliance-$version-$RID
mkdir -p "$output"
output=$(cd "$output" && pwd)

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/appliance-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
src=$work/src
bundle=$work/$name
mkdir -p "$src" "$bundle"

# 1. A clean copy of the sources (tracked and new files, without what .gitignore excludes: bin, obj, node_modules,
#    wwwroot/lib, data). Publishing for a runtime identifier writes RID sections into packages.lock.json; doing it in
#    the copy keeps the checkout's lock files as they are.
say "Copying the sources"
if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
        tar --null -T - -cf -) | tar -C "$src" -xf -
else
    tar -C "$REPO" --exclude=.git --exclude=bin --exclude=obj --exclude=node_modules --exclude=artifacts \
        --exclude=./data --exclude=src/Appliance.Web/wwwroot/lib -cf - . | tar -C "$src" -xf -
fi

# 2. Self-contained publishes (the web project runs npm ci and copies the front-end libraries into wwwroot/lib).
say "Publishing the web app ($RID, self-contained)"
dotnet publish "$src/src/Appliance.Web/Appliance.Web.csproj" -c Release -r "$RID" --self-contained true \
    -p:UseAppHost=true -o "$bundle/app" --nologo
[[ -d $bundle/app/wwwroot/lib ]] || die "the front-end libraries are missing from the published web app"
say "Publishing the CLI ($RID, self-contained)"
dotnet publish "$src/src/Appliance.Cli/Appliance.Cli.csproj" -c Release -r "$RID" --self-contained true \
    -p:UseAppHost=true -o "$bundle/app/cli" --nologo
[[ -x $bundle/app/Appliance.Web && -x $bundle/app/cli/appliance ]] || die "the published executables are missing"

# 3. Helm chart (packaged too when helm is available) and values for the bundled image.
say "Adding the Helm chart"
mkdir -p "$bundle/helm"
cp -R "$REPO/packaging/helm/appliance" "$bundle/helm/appliance"
cat >"$bundle/helm/values-airgap.yaml" <<EOF
# helm install appliance ./helm/appliance -f ./helm/values-airgap.yaml
# after loading images/appliance-image.tar.gz into your registry (or the nodes) as appliance:$version.
image:
  repository: appliance
  tag: "$version"
  pullPolicy: IfNotPresent
EOF
if command -v helm >/dev/null 2>&1; then
    helm lint "$bundle/helm/appliance" >/dev/null
    helm package "$bundle/helm/appliance" --destination "$bundle/helm" >/dev/null
fi

# 4. Container image.
mkdir -p "$bundle/images"
if [[ -n $image ]] && command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    say "Building and saving the container image appliance:$version"
    docker build -f "$src/packaging/docker/Dockerfile" -t "appliance:$version" "$src"
    docker save "appliance:$version" | gzip >"$bundle/images/appliance-image.tar.gz"
    printf 'appliance-image.tar.gz: appliance:%s (docker load -i appliance-image.tar.gz)\n' "$version" >"$bundle/images/README.txt"
else
    reason="docker is not available on the build machine"
    [[ -n $image ]] || reason="built with --no-image"
    say "Skipping the container image: $reason"
    printf 'No container image in this bundle: %s.\nBuild it on a machine with docker:\n  docker build -f packaging/docker/Dockerfile -t appliance:%s .\n  docker save appliance:%s | gzip > appliance-image.tar.gz\n' \
        "$reason" "$version" "$version" >"$bundle/images/README.txt"
fi

# 5. Models: whatever is in ./models (large files are git-ignored, so they are taken from the checkout itself).
say "Adding models"
mkdir -p "$bundle/models"
entries=()
if [[ -d $REPO/models ]]; then
    while IFS= read -r -d '' f; do
        rel=${f#"$REPO/models/"}
        mkdir -p "$bundle/models/$(dirname "$rel")"
        cp "$f" "$bundle/models/$rel"
        entries+=("$(printf '    {"file": "%s", "bytes": %s, "sha256": "%s"}' "$rel" "$(stat -c %s "$f")" \
            "$(sha256sum "$f" | cut -d' ' -f1)")")
    done < <(find "$REPO/models" -type f ! -name '.*' -print0 | sort -z)
fi
{
    printf '{\n  "bundle": "%s",\n  "models": [' "$name"
    if ((${#entries[@]} > 0)); then
        printf '\n'
        (
            IFS=$'\n'
            printf '%s' "${entries[*]}" | sed '$!s/$/,/'
        )
        printf '\n  '
    fi
    printf ']\n}\n'
} >"$bundle/models/MANIFEST.json"
if ((${#entries[@]} == 0)); then
    printf 'No model files were in ./models when this bundle was built. Models placed here are installed with the\nappliance (in <prefix>/models); list them in MANIFEST.json.\n' >"$bundle/models/README.txt"
fi

# 6. Installer, README, checksums, tarball.
install -m 0755 "$REPO/packaging/airgap/install-offline.sh" "$bundle/install-offline.sh"
install -m 0644 "$REPO/packaging/install-common.sh" "$bundle/install-common.sh"
install -m 0644 "$REPO/packaging/airgap/README.md" "$bundle/README.md"
printf '%s\n' "$version" >"$bundle/VERSION"
(cd "$bundle" && find . -type f -printf '%P\0' | sort -z | xargs -0 sha256sum >"$work/SHA256SUMS")
mv "$work/SHA256SUMS" "$bundle/SHA256SUMS"

say "Writing $output/$name.tar.gz"
tar -C "$work" -czf "$output/$name.tar.gz" "$name"
(cd "$output" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
say "Done: $output/$name.tar.gz ($(du -h "$output/$name.tar.gz" | cut -f1))"
