import { alertWords } from '../../app/host/failure-alert-rule.ts';
import type { FailureAlert } from '../../app/host/host-operations.ts';
import { RelativeTime } from '../components/relative-time.tsx';

function heading(alerts: readonly FailureAlert[]): string {
  const givenUp = alerts.filter((alert) => alert.kind === 'one-off').length;
  if (givenUp === 0)
    return alerts.length === 1 ? 'A background task keeps failing' : 'Background tasks keep failing';
  if (givenUp === alerts.length)
    return givenUp === 1 ? 'A one-off sync was given up' : 'One-off syncs were given up';
  return 'Background tasks keep failing, and one-off syncs were given up';
}

/**
 * The app's tasks that keep failing and its one-off syncs given up, as the host told the person once. The
 * region is always there and polite, so an alert that arrives while the screen is open is read out; it
 * empties when the task succeeds.
 */
export function FailingTasks({ alerts }: { alerts: readonly FailureAlert[] }) {
  // Read at each render (they come with events): the page's shared clock moves only every 15 s.
  const now = Date.now();
  const givenUp = alerts.some((alert) => alert.kind === 'one-off');
  const failing = alerts.some((alert) => alert.kind === 'periodic');
  return (
    <div aria-live="polite">
      {alerts.length > 0 && (
        <section class="banner banner-error failing-tasks" aria-labelledby="failing-heading">
          <h2 id="failing-heading">
            <span aria-hidden="true">⚠ </span>
            {heading(alerts)}
          </h2>
          <ul class="failing-list">
            {alerts.map((alert) => (
              <li key={`${alert.kind}:${alert.tag}`}>
                {alert.kind === 'one-off' ? 'One-off sync ' : ''}
                <strong class="tag">{alert.tag}</strong> {alertWords(alert)} (alerted{' '}
                <RelativeTime at={alert.alertedAt} now={now} />
                ). Last error: <span class="error-text">{alert.lastError ?? 'none recorded'}</span>
              </li>
            ))}
          </ul>
          <p class="failing-note">
            {failing &&
              'The mark goes once the task succeeds; you are told again only if it then keeps failing. '}
            {givenUp &&
              'What a one-off sync had to send did not arrive: it is tried again when the app registers the sync again, and the mark goes once it succeeds.'}
          </p>
        </section>
      )}
    </div>
  );
}
