#!/usr/bin/env bash
# The browser for the chronology browser tests: Debian's Chromium.
#
# Usage: scripts/browser.sh
#
# Installs Debian's 'chromium' package if $CHRONOLOGY_CHROMIUM is missing
# (apt-get update first only when apt has no candidate for it, or when an
# install from stale package lists fails), then prints the browser's version.
# Idempotent: with the browser present it only prints the version.
#
# The tests drive this browser with Playwright for Python (pinned on PyPI) and
# never run 'playwright install': that downloads a browser build of its own,
# and a machine that reaches only the package registries cannot fetch it.
#
# Environment:
#   CHRONOLOGY_CHROMIUM   the browser executable (default /usr/bin/chromium)
set -euo pipefail

PROG=browser.sh
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$PROG" "$*" >&2; }

CHROMIUM=${CHRONOLOGY_CHROMIUM:-/usr/bin/chromium}

# The apt-get prefix: nothing as root, 'sudo -n' when that works, else refuse.
apt_prefix() {
    if [[ $(id -u) -eq 0 ]]; then
        return 0
    fi
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        printf 'sudo -n\n'
        return 0
    fi
    die "Chromium ($CHROMIUM) is not installed and this script is not root and cannot \
use sudo without a password. Install it with: sudo apt-get update && sudo apt-get install -y chromium"
}

# 0 if apt knows a candidate for the package (its lists are present and current enough).
has_candidate() {
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
    [[ -n $candidate && $candidate != "(none)" ]]
}

# fonts-liberation is only a recommendation of chromium's; asked for here so that pages and
# screenshots use the same fonts on every machine.
apt_install() {
    # shellcheck disable=SC2086
    $1 env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends chromium fonts-liberation >&2
}

install_chromium() {
    local prefix
    command -v apt-get >/dev/null 2>&1 || die "Chromium ($CHROMIUM) is not installed and \
apt-get is unavailable. Install Chromium and set CHRONOLOGY_CHROMIUM to its path."
    prefix=$(apt_prefix)
    say "Chromium not found at $CHROMIUM; installing the Debian 'chromium' package"
    if ! { has_candidate chromium && apt_install "$prefix"; }; then
        # shellcheck disable=SC2086  # the prefix is zero or two words
        $prefix apt-get update -q >&2 || die "apt-get update failed; check the Debian mirrors"
        apt_install "$prefix" || die "apt-get install chromium failed (see above)"
    fi
    [[ -x $CHROMIUM ]] || die "installed 'chromium' but $CHROMIUM is still missing; \
set CHRONOLOGY_CHROMIUM to the browser's path"
}

# The version line only: Debian's wrapper script prints shell noise on stderr.
print_version() {
    local version
    version=$("$CHROMIUM" --version 2>/dev/null) \
        || die "$CHROMIUM is installed but does not run ('$CHROMIUM --version' failed)"
    printf '%s (%s)\n' "$version" "$CHROMIUM"
}

[[ $# -eq 0 ]] || { printf 'usage: %s\n' "$0" >&2; exit 2; }
[[ -x $CHROMIUM ]] || install_chromium
print_version
