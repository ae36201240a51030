#!/bin/sh
# After-remove script of the deb and rpm packages (deb postrm, rpm %postun). Once the app's files are gone,
# nothing must go on starting the missing binary: for every user, remove the systemd user wake-up timers, the
# XDG autostart entries and the app launchers that run a program in the app's folder. Only entries that
# name that folder go, so a headless pwa-host (npm) on the same account keeps its own. The data dir (apps,
# registrations, run history) is kept: reinstalling brings everything back.
# Each user's files are removed as that user (setpriv), never as root inside someone's home.
set -u

# First what electron-builder's own after-remove script does, which this one replaces: remove the command's
# link (/usr/bin/pwa-host) and the AppArmor profile its after-install script wrote. electron-builder.yml
# sets productName "PWA Host" and executableName pwa-host; test/packaging checks these names against it.
# (No dollar-brace-letters macros here: electron-builder fills those in and fails on unknown ones.)
if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove 'pwa-host' '/opt/PWA Host/pwa-host' >/dev/null 2>&1
else
  rm -f '/usr/bin/pwa-host'
fi
if [ -f /etc/apparmor.d/pwa-host ]; then
  if apparmor_status --enabled >/dev/null 2>&1; then
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --remove /etc/apparmor.d/pwa-host || true
    fi
  fi
  rm -f /etc/apparmor.d/pwa-host
fi

case "${1:-}" in
  remove | purge | 0) ;; # deb: remove, purge; rpm: 0 when the package is erased
  *) exit 0 ;;           # an upgrade keeps the entries: the new version runs from the same folder
esac

app_dir='/opt/PWA Host'

# Runs as the user, with $1 = the app's folder.
cleanup_user='
app_dir=$1
units=$HOME/.config/systemd/user
for timer in "$units"/pwa-host-wake-*.timer; do
  [ -f "$timer" ] || continue
  name=${timer##*/}
  name=${name%.timer}
  grep -qF "$app_dir/" "$units/$name.service" 2>/dev/null || continue
  systemctl --user --quiet stop "$name.timer" 2>/dev/null
  rm -f "$units/timers.target.wants/$name.timer" "$timer" "$units/$name.service"
  echo "removed the wake-up timer $name for $(id -un)"
  reload=yes
done
[ "${reload:-}" = yes ] && systemctl --user --quiet daemon-reload 2>/dev/null
for entry in "$HOME"/.config/autostart/pwa-host*.desktop "$HOME"/.local/share/applications/pwa-host-*.desktop; do
  [ -f "$entry" ] || continue
  grep -qF "$app_dir/" "$entry" || continue
  rm -f "$entry" && echo "removed $entry"
done
exit 0
'

getent passwd | while IFS=: read -r _name _password uid gid _gecos home _shell; do
  case $home in /* ) ;; *) continue ;; esac
  [ "$home" = / ] && continue
  [ -d "$home/.config" ] || [ -d "$home/.local/share/applications" ] || continue
  XDG_RUNTIME_DIR=/run/user/$uid HOME=$home setpriv --reuid="$uid" --regid="$gid" --init-groups \
    /bin/sh -c "$cleanup_user" after-remove "$app_dir" </dev/null || true
done
exit 0
