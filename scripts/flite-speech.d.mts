// Types for flite-speech.mjs, which stays plain JavaScript so `npm start` needs no build step.
export type FliteVoice = "rms" | "slt" | "awb" | "kal16";
export function fliteWav(sentences: string[], options?: { pauseSeconds?: number; voice?: FliteVoice }): Buffer;
export function wavOf(pcm: Buffer): Buffer;
export function pcmOf(wav: Buffer): Buffer;
