#!/usr/bin/env bash
# Runs a command inside a private D-Bus session whose Secret Service is a real gnome-keyring with an unlocked
# login keyring (Linux only; scripts/test-all.sh uses it for every test command).
#
#   keyring-session.sh DIR -- command...   DIR: an empty folder for this run's keyring and bus configuration
#
# The daemon is started by D-Bus activation through this same script (`--daemon DIR`), not once by hand, so
# that if it exits mid-run (gnome-keyring 42 can abort on some Secret Service call races) the bus starts it
# again with the same password and the same keyring: the tests after it see the secrets saved before instead
# of a locked keyring behind a prompt nobody can answer. Each start is counted in DIR/daemon-starts.
set -euo pipefail
PASSWORD=fieldscope-test

if [ "${1:-}" = --daemon ]; then
  echo "$(date -u +%H:%M:%S)" >> "$2/daemon-starts"
  # The password on stdin without a newline: the daemon reads all of it.
  XDG_DATA_HOME="$2" exec gnome-keyring-daemon --foreground --unlock --components=secrets < <(printf %s "$PASSWORD")
fi

dir=$1
shift
[ "${1:-}" = -- ] && shift
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
mkdir -p "$dir/dbus-1/services"
for name in org.freedesktop.secrets org.gnome.keyring; do
  printf '[D-BUS Service]\nName=%s\nExec=/bin/bash %s --daemon %s\n' "$name" "$self" "$dir" > "$dir/dbus-1/services/$name.service"
done
# Our service folder first: on a name found in two folders, the bus takes the first.
cat > "$dir/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <servicedir>$dir/dbus-1/services</servicedir>
  <include>/usr/share/dbus-1/session.conf</include>
</busconfig>
EOF

: > "$dir/daemon-starts"
status=0
XDG_DATA_HOME="$dir" dbus-run-session --config-file="$dir/session.conf" -- bash -c '
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 >/dev/null
  "$@"' _ "$@" || status=$?
starts=$(wc -l < "$dir/daemon-starts" 2>/dev/null || echo 0)
if [ "$starts" -gt 1 ]; then
  echo "keyring-session: gnome-keyring-daemon was started $starts times (at $(paste -sd' ' "$dir/daemon-starts")): it exited mid-run; see dmesg" >&2
fi
exit $status
