#!/bin/sh
# Installs the browser the web tests drive: Debian's Chromium (playwright-core downloads no browser of
# its own), plus a font that covers Vietnamese. Run as root, or with sudo.
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium is already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: run as root (sudo $0): it installs the Debian package chromium with apt-get" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium fonts-dejavu-core
/usr/bin/chromium --version
