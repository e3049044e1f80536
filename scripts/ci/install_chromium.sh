#!/usr/bin/env bash
# Install Debian's headless-capable `chromium` for the HTML review-page tests
# (tests/write/test_html.py), unless a chromium is already on PATH.
#
# Usage: scripts/ci/install_chromium.sh
# Needs root (or sudo) and apt-get; runs `apt-get update` only when no candidate is known.
# Prints the browser path on stdout; the tests find it on PATH (or via $CORPUS_CHROMIUM).
set -euo pipefail

for name in chromium chromium-browser; do
    if command -v "${name}" >/dev/null 2>&1; then
        command -v "${name}"
        exit 0
    fi
done

SUDO=""
if [[ "$(id -u)" != "0" ]]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    ${SUDO} apt-get update -qq >&2
fi
# Fonts for Arabic and emoji so screenshots show real glyphs, not boxes.
${SUDO} apt-get install -y -qq --no-install-recommends chromium fonts-noto-core \
    fonts-dejavu-core >&2
command -v chromium
