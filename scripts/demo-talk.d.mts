// Types for demo-talk.mjs.
export const DEMO_TALK: readonly string[];
