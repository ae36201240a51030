/** Where an install is, reported as it goes (the CLI prints it; a UI shows it). */
export interface InstallProgress {
  step: 'loading' | 'service-worker' | 'manifest' | 'icons' | 'recording' | 'start-up' | 'done';
  detail?: string;
}
