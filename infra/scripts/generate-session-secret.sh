#!/usr/bin/env sh
# Generates the secret that signs the gateway's session cookies (SESSION_SECRET_FILE).
#
#   infra/scripts/generate-session-secret.sh [output-dir]      (default: infra/secrets)
#
# Writes, and never overwrites, the file session-secret, made of 48 random bytes in base64 (64
# characters, no newline; the gateway needs 32 at least). A sibling of generate-identity-keys.sh so that each can be
# rotated alone: a new session secret logs every user out, nothing else (see infra/RUNBOOK.md).
#
# The output folder is ignored by git (infra/.gitignore) and by the image build
# (infra/docker/Dockerfile.dockerignore). For Kubernetes, load the file into the Secret
# procura-session with kubectl (in the runbook).
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
out=${1:-"$here/../secrets"}
file="$out/session-secret"

if [ -e "$file" ]; then
  echo "refusing to overwrite: $file already exists (move it away to rotate)" >&2
  exit 1
fi

# As for the identity keys: the folder is private to its owner (0700); the file must be readable by
# the containers' user (uid 1000), because Docker Compose (without Swarm) bind-mounts secret files
# with their host owner and mode.
mkdir -p "$out"
chmod 0700 "$out"
(umask 077 && openssl rand -base64 48 | tr -d '\n' >"$file")
chmod 0644 "$file"

echo "wrote $file (gateway only)"
