export interface DistSituation {
  electronVersion: string;
  /** `${process.platform}-${process.arch}` of the machine building (electron-builder builds for it). */
  target: string;
  /** PWA_HOST_ELECTRON_DIST: an unpacked Electron of that version and target, if the builder gave one. */
  localDist: string | undefined;
  /** The Electron zip in @electron/get's cache, if there is one. */
  cachedZip: string | undefined;
  /** The release download, or why it could not be reached. */
  download: { url: string; reachable: true } | { url: string; reachable: false; reason: string };
}

export type DistPlan =
  | { kind: 'installers'; electronDist: string | undefined }
  | { kind: 'unpacked'; electronDist: string | undefined; note: string }
  | { kind: 'missing'; message: string };

/**
 * What `npm run dist` can build here. With the release host reachable, electron-builder fetches what it
 * lacks (Electron, and the tools each installer format needs) and builds the installers. Without it, an
 * Electron at hand still makes the unpacked app (asar, fuses), but not installers. With neither, nothing
 * can be built, and the message says what to provide.
 */
export function planDist(situation: DistSituation): DistPlan {
  const electronAtHand = situation.localDist ?? situation.cachedZip;
  if (situation.download.reachable) return { kind: 'installers', electronDist: situation.localDist };
  const offline = `${situation.download.url} is unreachable (${situation.download.reason})`;
  if (electronAtHand !== undefined) {
    return {
      kind: 'unpacked',
      electronDist: situation.localDist,
      note:
        `Built the unpacked app only: ${offline}, and the installers need tools electron-builder downloads ` +
        'from there (fpm, appimagetool, NSIS). Run npm run dist where that host is reachable for installers.',
    };
  }
  const zip = `electron-v${situation.electronVersion}-${situation.target}.zip`;
  return {
    kind: 'missing',
    message:
      `npm run dist needs Electron ${situation.electronVersion} for ${situation.target}, and none is at hand: ` +
      `PWA_HOST_ELECTRON_DIST is not set, ${zip} is not in the Electron download cache, and ${offline}. ` +
      `Either run it where that host is reachable, or unpack ${zip} into a folder and set ` +
      'PWA_HOST_ELECTRON_DIST to that folder.',
  };
}
