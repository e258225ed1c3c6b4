; srdi-desktop Windows installer (NSIS 3, Unicode). Built by packaging/build.sh windows, which passes
;   /DVERSION=x.y.z /DSRCDIR=<assembled tree> /DOUTFILE=<setup.exe> /DICON=<.ico>
; Per-user: no administrator rights, installs under %LOCALAPPDATA%\Programs, writes only HKCU.
; Silent: setup.exe /S [/D=C:\path\without\quotes]  (uninstall: uninstall.exe /S).
; The user's data (%APPDATA%\srdi-desktop: the assessment database, backups, log) is never touched.

Target amd64-unicode  ; 64-bit Windows only (Qt 6 is 64-bit); Unicode for the Chinese names
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include x64.nsh

!define APPNAME "专精特新发展自评"
!define APPID "srdi-desktop"
!define PROGID "srdi-desktop.assessment"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPID}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPID} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} (srdi-desktop) setup"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Apache-2.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\python\pythonw.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "-m srdi_desktop"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString NeedsWin10 ${LANG_SIMPCHINESE} "本程序需要 64 位 Windows 10（1809 或更新版本）或 Windows 11。"
LangString NeedsWin10 ${LANG_ENGLISH} "This program needs 64-bit Windows 10 (version 1809 or later) or Windows 11."
LangString FileType ${LANG_SIMPCHINESE} "专精特新自评文件"
LangString FileType ${LANG_ENGLISH} "SRDI assessment file"

Function .onInit
  ; Qt 6.11 runs on Windows 10 1809 (build 17763) and later, 64-bit only.
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} 17763
    MessageBox MB_ICONSTOP "$(NeedsWin10)" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  SetRegView 64
FunctionEnd

Section "Install"
  SetShellVarContext current
  ; An update replaces the program files only; the uninstaller of the old version is overwritten too.
  RMDir /r "$INSTDIR\python"
  SetOutPath "$INSTDIR"
  File /r "${SRCDIR}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Shortcuts: Start menu and desktop, both open the window without a console (pythonw).
  SetOutPath "$INSTDIR"  ; the shortcuts' working folder
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\python\pythonw.exe" "-m srdi_desktop" "$INSTDIR\srdi-desktop.ico" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\python\pythonw.exe" "-m srdi_desktop" "$INSTDIR\srdi-desktop.ico" 0

  ; The assessment file (YAML as the app exports it, or JSON): "Open with" for .yaml/.yml/.json; the default only
  ; for .yaml and only where nothing else opens YAML files yet, so an adviser's editor keeps them.
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "$(FileType)"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "FriendlyTypeName" "$(FileType)"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\srdi-desktop.ico"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\python\pythonw.exe" "$INSTDIR\open_assessment.pyw" "%1"'
  WriteRegStr HKCU "Software\Classes\.yaml\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\.yml\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "Software\Classes\.json\OpenWithProgids" "${PROGID}" ""
  ReadRegStr $0 HKCR ".yaml" ""
  ${If} $0 == ""
  ${OrIf} $0 == "${PROGID}"
    WriteRegStr HKCU "Software\Classes\.yaml" "" "${PROGID}"
  ${EndIf}
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED

  ; Apps & features entry (per user).
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME} (srdi-desktop)"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\srdi-desktop.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "srdi-desktop"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put here: /D= may have pointed at a folder that holds other things.
  ; %APPDATA%\srdi-desktop (the database, its backups, the log) stays: the user's work.
  RMDir /r "$INSTDIR\python"
  Delete "$INSTDIR\srdi-desktop.ico"
  Delete "$INSTDIR\srdi-desktop.cmd"
  Delete "$INSTDIR\open_assessment.pyw"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"

  DeleteRegValue HKCU "Software\Classes\.yaml\OpenWithProgids" "${PROGID}"
  DeleteRegValue HKCU "Software\Classes\.yml\OpenWithProgids" "${PROGID}"
  DeleteRegValue HKCU "Software\Classes\.json\OpenWithProgids" "${PROGID}"
  ReadRegStr $0 HKCU "Software\Classes\.yaml" ""
  ${If} $0 == "${PROGID}"
    DeleteRegValue HKCU "Software\Classes\.yaml" ""
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
