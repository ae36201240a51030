/** Tells the host that the machine woke from sleep (or its clock moved), so the schedule is re-planned. */
export interface ResumeSource {
  /** A short name for logs and `status`. */
  readonly kind: string;
  onResume(listener: () => void): () => void;
  close(): void;
}

/** What a resume source emits: `resume` once the machine woke or its clock moved. */
export interface ResumeEvents {
  resume: undefined;
}
