; NSIS additions to electron-builder's per-user installer (electron-builder.yml nsis.include).
; Uninstalling must leave nothing that starts the removed app: the Task Scheduler wake-ups the host created
; under "\PWA Host\" and the login item (the HKCU Run value Electron's app.setLoginItemSettings writes). The data
; dir (%APPDATA%\PWA Host: apps, registrations, run history) is kept; the uninstaller's last page says so.
; An update runs the old uninstaller with --updated: then everything stays, the new version uses it.

!macro customUnInstall
  ${ifNot} ${isUpdated}
    nsExec::ExecToLog `"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "Get-ScheduledTask -TaskPath '\PWA Host\' -ErrorAction SilentlyContinue | Unregister-ScheduledTask -Confirm:$$false"`
    Pop $0
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${APP_ID}"
    DeleteRegValue HKCU "Software\Microsoft\Windows\CurrentVersion\Run" "${PRODUCT_NAME}"
    DetailPrint "Your apps and their data stay in $APPDATA\${PRODUCT_NAME}; delete that folder to remove them."
  ${endIf}
!macroend
