// Values test/workers/global-setup.ts hands to the Worker tests through `inject`.
declare module "vitest" {
  export interface ProvidedContext {
    ssoJwksUrl: string;
    ssoPrivateJwk: string;
  }
}

export {};
