import { useEffect, useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { NotificationSummary } from '../../app/host/host-operations.ts';
import { RelativeTime } from '../components/relative-time.tsx';
import { ScrollRegion } from '../components/scroll-region.tsx';
import { errorMessage } from '../error-message.ts';

/** How many of the app's latest notifications the app screen lists (`pwa-host notifications APP`). */
export const NOTIFICATIONS_SHOWN = 20;

/** The app's latest notifications, read again whenever one is shown (or recorded) anywhere. */
export function RecentNotifications(props: { api: HostApi; appId: string; version: number }) {
  const { api, appId, version } = props;
  const [state, setState] = useState<{ list: NotificationSummary[]; problem: string | null }>({
    list: [],
    problem: null,
  });
  useEffect(() => {
    let current = true;
    api.notifications({ app: appId, limit: NOTIFICATIONS_SHOWN }).then(
      (list) => current && setState({ list, problem: null }),
      (error: unknown) => current && setState((previous) => ({ ...previous, problem: errorMessage(error) })),
    );
    return () => {
      current = false;
    };
  }, [api, appId, version]);

  // Read at each render (a new notification renders the list): the page's shared clock moves every 15 s.
  const now = Date.now();
  return (
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">Recent notifications</h2>
      {state.problem !== null && (
        <p class="field-error" role="alert">
          Could not read the notifications: {state.problem}
        </p>
      )}
      {state.list.length === 0 ? (
        <p class="empty">This app has not shown any notification yet.</p>
      ) : (
        <ScrollRegion label="Table of notifications">
          <table class="notifications-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Title</th>
                <th scope="col">Text</th>
                <th scope="col">Tag</th>
                <th scope="col">From</th>
                <th scope="col">Shown</th>
              </tr>
            </thead>
            <tbody>
              {state.list.map((notification) => (
                <tr key={notification.id}>
                  <td>
                    <RelativeTime at={notification.createdAt} now={now} />
                  </td>
                  <td>{notification.title}</td>
                  <td class="notification-body">{notification.options.body}</td>
                  <td class="tag">{notification.options.tag}</td>
                  <td>{notification.source === 'worker' ? 'Service worker' : 'Page'}</td>
                  <td>{shownInWords(notification)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <p class="hint">
        A notification that was not shown is still recorded here. The same list:{' '}
        <code>pwa-host notifications</code>.
      </p>
    </section>
  );
}

const NOT_SHOWN: Record<NonNullable<NotificationSummary['notShownReason']>, string> = {
  muted: 'Recorded only: muted',
  flooded: 'Not shown: too many at once',
  'no-service': 'Not shown: no notification service',
  failed: 'Not shown: the notification service refused it',
};

function shownInWords(notification: NotificationSummary): string {
  if (notification.shown) return 'Shown';
  return notification.notShownReason === null ? 'Recorded only' : NOT_SHOWN[notification.notShownReason];
}
