#!/bin/sh
# Installs the Debian 12 packages Glossator needs to build, run and test. Idempotent: when
# everything is there already, it changes nothing and needs no network.
set -eu

packages="
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libgtksourceview-5-dev
  libsqlite3-dev libxml2-dev libjson-glib-dev libpango1.0-dev
  desktop-file-utils appstream-util
  xvfb xauth xdotool dbus dbus-daemon
  fonts-cantarell fonts-dejavu-core fonts-noto-color-emoji
  python3 librsvg2-common hicolor-icon-theme adwaita-icon-theme gsettings-desktop-schemas
"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing packages:$missing" >&2
    echo "Run this script as root (or: sudo apt-get install$missing)" >&2
    exit 1
  fi
  echo "Installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing
fi
