// Types for librivox.mjs, which stays plain JavaScript so the bench needs no build step.
export const LIBRIVOX_DIR: string;
export function librivoxUtterances(): Array<{ id: string; file: string; reference: string }>;
