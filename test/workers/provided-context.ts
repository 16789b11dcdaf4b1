// Values test/workers/global-setup.ts hands to the Worker tests through `inject`.
declare module "vitest" {
  export interface ProvidedContext {
    ssoJwksUrl: string;
    ssoPrivateJwk: string;
    /** A local HTTP server that plays a remote host for URL-input tests. */
    remoteOrigin: string;
    /** Comma-separated base URLs of the media runner processes. */
    runnerUrls: string;
    /** Kills and restarts runners: POST /runners/{i}/kill|start, POST /kill-job/{jobId}. */
    runnerControlUrl: string;
  }
}

export {};
