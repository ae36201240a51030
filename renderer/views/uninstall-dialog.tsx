import { useEffect, useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { AppRecord } from '../../app/host/host-operations.ts';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { errorMessage } from '../error-message.ts';

/** How many runs the dialog counts before it says "more than". */
const RUNS_COUNTED = 10_000;

/** Asks before uninstalling, saying exactly what goes with the app. */
export function UninstallDialog(props: {
  api: HostApi;
  app: AppRecord;
  registrations: number;
  /** One-off syncs not yet fired to completion: what the app queued and has not sent. */
  pendingSyncs: number;
  onClose(): void;
}) {
  const { api, app } = props;
  const [runs, setRuns] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api
      .runs({ app: app.id, limit: RUNS_COUNTED + 1 })
      .then((found) => setRuns(found.length))
      .catch(() => setRuns(null));
  }, [api, app.id]);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.uninstall({ app: app.id });
      props.onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };
  const runText =
    runs === null
      ? 'its run history'
      : runs > RUNS_COUNTED
        ? `more than ${RUNS_COUNTED} recorded runs`
        : `${runs} recorded run${runs === 1 ? '' : 's'}`;
  return (
    <ConfirmDialog
      title={`Uninstall ${app.name}?`}
      confirmLabel={`Uninstall ${app.name}`}
      busy={busy}
      error={error}
      onConfirm={confirm}
      onCancel={props.onClose}
    >
      <p>This removes from this computer:</p>
      <ul>
        <li>
          {props.registrations} periodic sync registration{props.registrations === 1 ? '' : 's'}
        </li>
        {props.pendingSyncs > 0 && (
          <li>
            <strong>
              {props.pendingSyncs} one-off sync{props.pendingSyncs === 1 ? '' : 's'} not yet sent
            </strong>
            : what the app queued while offline goes with its storage, unsent. Open the app and let it send
            first if that matters.
          </li>
        )}
        <li>{runText}</li>
        <li>its storage in the host (cookies, caches, databases) and its service worker</li>
        <li>its icons and its launcher</li>
      </ul>
      <p>Data the app keeps on its own servers is not touched. You can install it again from {app.origin}.</p>
    </ConfirmDialog>
  );
}
