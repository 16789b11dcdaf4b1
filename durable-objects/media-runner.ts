/**
 * Production only: the media runner (ffmpeg, speech-to-text, rasteriser) as a Container-enabled
 * Durable Object. Local dev and tests reach the same server as a plain process via RUNNER_URLS
 * and never instantiate this class.
 */
import { Container } from "@cloudflare/containers";

export class MediaRunner extends Container<Env> {
  override defaultPort = 8080;
  // Idle instances stop after a while; a new job wakes one again.
  override sleepAfter = "10m";
}
