/** Where an install is, reported as it goes (the CLI prints it; a UI shows it). */
export interface InstallProgress {
  step: 'loading' | 'manifest' | 'service-worker' | 'icons' | 'recording' | 'start-up' | 'done';
  /** What the step is doing or waiting for, in words. */
  detail?: string;
  /** The longest the step waits for the app (a shell shows how long it has waited so far). */
  waitMs?: number;
}
