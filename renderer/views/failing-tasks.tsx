import type { FailureAlert } from '../../app/host/host-operations.ts';
import { RelativeTime } from '../components/relative-time.tsx';

/**
 * The app's tasks that keep failing, as the host told the person once. The region is always there and
 * polite, so an alert that arrives while the screen is open is read out; it empties when the task succeeds.
 */
export function FailingTasks({ alerts }: { alerts: readonly FailureAlert[] }) {
  // Read at each render (they come with events): the page's shared clock moves only every 15 s.
  const now = Date.now();
  return (
    <div aria-live="polite">
      {alerts.length > 0 && (
        <section class="banner banner-error failing-tasks" aria-labelledby="failing-heading">
          <h2 id="failing-heading">
            <span aria-hidden="true">⚠ </span>
            {alerts.length === 1 ? 'A background task keeps failing' : 'Background tasks keep failing'}
          </h2>
          <ul class="failing-list">
            {alerts.map((alert) => (
              <li key={alert.tag}>
                <strong class="tag">{alert.tag}</strong> failed {alert.failures} times in a row (alerted{' '}
                <RelativeTime at={alert.alertedAt} now={now} />
                ). Last error: <span class="error-text">{alert.lastError ?? 'none recorded'}</span>
              </li>
            ))}
          </ul>
          <p class="failing-note">
            The mark goes once the task succeeds; you are told again only if it then keeps failing.
          </p>
        </section>
      )}
    </div>
  );
}
