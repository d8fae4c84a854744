#!/usr/bin/env sh
# Generates the gateway's identity-token key pair (Ed25519, PEM) for a Procura installation.
#
#   infra/scripts/generate-identity-keys.sh [output-dir]      (default: infra/secrets)
#
# Writes, and never overwrites:
#   identity-signing.pem   private key (PKCS#8): the gateway only      (IDENTITY_SIGNING_KEY_FILE)
#   identity-verify.pem    public key (SPKI): every backend service    (IDENTITY_VERIFY_KEY_FILE)
#
# The output folder is ignored by git (infra/.gitignore) and by the image build
# (infra/docker/Dockerfile.dockerignore). Rotation: see infra/RUNBOOK.md. For Kubernetes, load the
# files into a Secret with kubectl (also in the runbook). Needs OpenSSL 1.1.1 or newer. The
# gateway's session secret is made by its sibling, generate-session-secret.sh.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
out=${1:-"$here/../secrets"}
private="$out/identity-signing.pem"
public="$out/identity-verify.pem"

if [ -e "$private" ] || [ -e "$public" ]; then
  echo "refusing to overwrite: $private or $public already exists (move them away to rotate)" >&2
  exit 1
fi

# The folder is private to its owner (0700): that is what keeps the private key from the other
# users of the host. The files themselves must be readable by the containers' user (uid 1000),
# because Docker Compose (without Swarm) bind-mounts secret files with their host owner and mode.
mkdir -p "$out"
chmod 0700 "$out"
(umask 077 && openssl genpkey -algorithm ed25519 -out "$private")
openssl pkey -in "$private" -pubout -out "$public"
chmod 0644 "$private" "$public"

echo "wrote $private (private, gateway only) and $public (public, every service)"
