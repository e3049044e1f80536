#!/usr/bin/env bash
# Unpack Debian's OmegaT (and the Java libraries it needs) into a private folder, without
# installing anything system-wide, for the TMX consumer tests (tests/write/test_tmx.py).
#
# Usage: scripts/ci/install_omegat.sh [CACHE_DIR]     (default: ~/.cache/corpus-ci/omegat)
# Prints `export CORPUS_OMEGAT_CLASSPATH=...` on stdout; eval it or let the tests find the
# classpath file CACHE_DIR/classpath (the tests look there by default).
# Needs: apt-get (with package lists; run `apt-get update` first if `apt-cache policy omegat`
# shows no candidate), dpkg-deb, unzip, and a Java runtime (`java`, OpenJDK 17 on the CI image).
set -euo pipefail

CACHE_DIR="${1:-${HOME}/.cache/corpus-ci/omegat}"
DEBS="${CACHE_DIR}/debs"
ROOT="${CACHE_DIR}/root"
mkdir -p "${DEBS}" "${ROOT}"

if ! command -v java >/dev/null; then
    echo "install_omegat.sh: no java on PATH (the CI image has OpenJDK 17)" >&2
    exit 1
fi

if [[ ! -s "${CACHE_DIR}/classpath" ]]; then
    # OmegaT plus every Java library in its dependency closure; the JRE and native libraries
    # come from the machine itself.
    mapfile -t packages < <(
        apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
            --no-replaces --no-enhances omegat |
        grep -v '^ ' | grep -v '^<' | sort -u |
        grep -E -- '^omegat$|-java$|^antlr4$|^groovy$'
    )
    (cd "${DEBS}" && apt-get download "${packages[@]}" >&2)
    for deb in "${DEBS}"/*.deb; do
        dpkg-deb -x "${deb}" "${ROOT}"
    done
    # The schemas the writer tests validate against ship inside OmegaT.jar.
    unzip -o -q "${ROOT}/usr/share/omegat/OmegaT.jar" 'schemas/*' -d "${CACHE_DIR}/jar" || true
    # Real jar files only (Debian's unversioned names are symlinks to them).
    {
        echo "${ROOT}/usr/share/omegat/OmegaT.jar"
        find "${ROOT}/usr/share/java" "${ROOT}/usr/share/omegat" -name '*.jar' -type f \
            ! -path '*/OmegaT.jar' | sort
    } | paste -sd: - > "${CACHE_DIR}/classpath.tmp"
    mv "${CACHE_DIR}/classpath.tmp" "${CACHE_DIR}/classpath"
fi

echo "export CORPUS_OMEGAT_CLASSPATH='$(cat "${CACHE_DIR}/classpath")'"
