import { useEffect, useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord } from '../../app/host/host-operations.ts';

/** Icons by app id and update time: read once per version of the app. */
const cache = new Map<string, Promise<string | null>>();

/** The app's saved icon, or its initial on its theme colour when it saved none. Decorative: the name is beside it. */
export function AppIcon({ api, app, size = 32 }: { api: HostApi; app: AppRecord; size?: number }) {
  const key = `${app.id}@${app.updatedAt}`;
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    let icon = cache.get(key);
    if (icon === undefined) {
      icon = api.icon({ app: app.id }).catch(() => null);
      cache.set(key, icon);
    }
    void icon.then((url) => {
      if (current) setSrc(url);
    });
    return () => {
      current = false;
    };
  }, [api, key, app.id]);
  if (src !== null) return <img class="app-icon" src={src} width={size} height={size} alt="" />;
  return (
    <span
      class="app-icon app-icon-fallback"
      style={{ width: `${size}px`, height: `${size}px` }}
      aria-hidden="true"
    >
      {(app.shortName ?? app.name).slice(0, 1).toUpperCase()}
    </span>
  );
}
