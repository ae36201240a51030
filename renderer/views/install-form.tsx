import { useState } from 'preact/hooks';
import type { HostApi } from '../../app/host/host-api.ts';
import type { InstallProgress } from '../../app/host/host-operations.ts';
import { errorMessage } from '../error-message.ts';

const STEPS: readonly { step: InstallProgress['step']; label: string }[] = [
  { step: 'loading', label: 'Load the page' },
  { step: 'manifest', label: 'Read its manifest' },
  { step: 'service-worker', label: 'Wait for its service worker' },
  { step: 'icons', label: 'Save its icons' },
  { step: 'recording', label: 'Record the app' },
  { step: 'start-up', label: 'Start it once, so it can register its tasks' },
  { step: 'done', label: 'Done' },
];

type State =
  | { kind: 'idle' }
  | { kind: 'installing'; step: InstallProgress['step'] | null }
  | { kind: 'installed'; name: string; updated: boolean }
  | { kind: 'failed'; message: string; step: InstallProgress['step'] | null };

/** Install from a URL: the install's steps as they happen, and its error where the URL was typed. */
export function InstallForm({ api, initialUrl }: { api: HostApi; initialUrl?: string | undefined }) {
  const [url, setUrl] = useState(initialUrl ?? '');
  const [state, setState] = useState<State>({ kind: 'idle' });
  const installing = state.kind === 'installing';

  const submit = async (event: Event) => {
    event.preventDefault();
    const typed = url.trim();
    if (typed === '') {
      setState({
        kind: 'failed',
        message: 'Type the address of the app, such as https://app.example/.',
        step: null,
      });
      return;
    }
    let step: InstallProgress['step'] | null = null;
    let detail: string | undefined;
    setState({ kind: 'installing', step });
    try {
      const app = await api.install(
        { url: typed },
        {
          onProgress: (progress) => {
            step = progress.step;
            if (progress.step === 'done') detail = progress.detail;
            setState({ kind: 'installing', step });
          },
        },
      );
      setState({ kind: 'installed', name: app.name, updated: detail?.startsWith('updated') ?? false });
      setUrl('');
    } catch (error) {
      setState({ kind: 'failed', message: errorMessage(error), step });
    }
  };

  const failed = state.kind === 'failed';
  const reached = state.kind === 'installing' || state.kind === 'failed' ? state.step : null;
  const reachedIndex = STEPS.findIndex((entry) => entry.step === reached);
  return (
    <section class="card" aria-labelledby="install-heading">
      <h2 id="install-heading">Install an app</h2>
      <form class="install-form" onSubmit={submit} noValidate>
        <label for="install-url">App address (URL)</label>
        <div class="field-row">
          <input
            id="install-url"
            type="url"
            inputMode="url"
            autoComplete="url"
            spellcheck={false}
            placeholder="https://app.example/"
            value={url}
            disabled={installing}
            aria-invalid={failed ? 'true' : undefined}
            aria-describedby={failed ? 'install-error' : 'install-hint'}
            onInput={(event) => setUrl((event.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="primary" disabled={installing}>
            {installing ? 'Installing…' : 'Install'}
          </button>
        </div>
        {state.kind === 'idle' && initialUrl !== undefined && url === initialUrl && (
          <p id="install-asked" class="banner" role="status">
            PWA Host was asked to install this app. Check its address, then choose Install.
          </p>
        )}
        {failed ? (
          <p id="install-error" class="field-error" role="alert">
            {state.message}
          </p>
        ) : (
          <p id="install-hint" class="hint">
            https, or http on this computer (localhost) while you develop an app.
          </p>
        )}
      </form>
      {(installing || (failed && reached !== null)) && (
        <ol class="steps" aria-label="Install progress">
          {STEPS.map((entry, index) => {
            const status =
              index < reachedIndex || (entry.step === 'done' && reached === 'done')
                ? 'done'
                : index === reachedIndex
                  ? failed
                    ? 'failed'
                    : 'current'
                  : 'pending';
            return (
              <li
                key={entry.step}
                class={`step step-${status}`}
                aria-current={status === 'current' ? 'step' : undefined}
              >
                <span class="step-mark" aria-hidden="true">
                  {status === 'done' ? '✓' : status === 'failed' ? '✗' : status === 'current' ? '…' : '·'}
                </span>
                {entry.label}
                <span class="visually-hidden">
                  {status === 'done'
                    ? ' (done)'
                    : status === 'failed'
                      ? ' (failed)'
                      : status === 'current'
                        ? ' (in progress)'
                        : ''}
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <p class="visually-hidden" aria-live="polite">
        {state.kind === 'installing' && reached !== null
          ? `${STEPS[reachedIndex]?.label ?? ''}…`
          : state.kind === 'installed'
            ? `${state.updated ? 'Updated' : 'Installed'} ${state.name}.`
            : ''}
      </p>
      {state.kind === 'installed' && (
        <p class="banner banner-ok" role="status">
          {state.updated ? 'Updated' : 'Installed'} {state.name}.
        </p>
      )}
    </section>
  );
}
