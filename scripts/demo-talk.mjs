// The talk `npm start` runs through the platform: about 35 seconds explaining a process, so the
// demo's diagram is a flow of its steps. Spoken by flite (see flite-speech.mjs).
export const DEMO_TALK = [
  "This talk explains how we publish a podcast episode.",
  "The process has five steps.",
  "First, the host records the interview.",
  "Next, the editor removes the long pauses.",
  "Then the producer writes the show notes.",
  "After that, the team reviews the final episode.",
  "Finally, the episode goes live on the website.",
  "The whole process takes about three days.",
];
