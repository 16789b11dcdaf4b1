import { describe, expect, inject, it } from "vitest";
import { isPublicAddress } from "../../workers/net/ip-ranges";
import { type FetchPolicy, safeFetch } from "../../workers/net/safe-fetch";
import "./provided-context";

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "127.1.2.3",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "100.127.255.255",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "ff02::1",
    "[::1]",
    "2001:db8::1",
    "fe80::1%eth0",
  ])("refuses %s", (ip) => expect(isPublicAddress(ip)).toBe(false));

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "[2001:4860:4860::8888]",
  ])("allows %s", (ip) => expect(isPublicAddress(ip)).toBe(true));

  it("refuses what is not an address", () => {
    for (const text of ["", "localhost", "1.2.3", "1.2.3.4.5", "256.1.1.1", "::g", "1:2:3:4:5:6:7:8:9"])
      expect(isPublicAddress(text)).toBe(false);
  });
});

describe("safeFetch against a real local server standing in for the internet", () => {
  const origin = () => inject("remoteOrigin");
  // The receiver on 127.0.0.1 plays a public host; every other address is judged as in production.
  const policy = (): FetchPolicy => ({
    fetch: (input, init) => fetch(input, init),
    resolve: async () => [],
    schemes: ["http:"],
    isAllowedAddress: (ip) => ip === "127.0.0.1" || isPublicAddress(ip),
  });

  it("fetches an allowed URL and follows a redirect that stays allowed", async () => {
    const res = await safeFetch(`${origin()}/redirect-to-audio`, policy());
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("audio/wav");
    await res.body?.cancel();
  });

  it.each([
    ["/redirect?to=http://10.0.0.1/x", "private"],
    ["/redirect?to=http://169.254.169.254/latest/meta-data/", "metadata"],
    ["/redirect?to=http://[::1]/", "IPv6 loopback"],
    ["/redirect?to=http://localhost/", "local name"],
    ["/redirect?to=file:///etc/passwd", "file scheme"],
  ])("refuses a redirect to %s (%s) before connecting", async (path) => {
    const before = await (await fetch(`${origin()}/hits`)).json<number>();
    await expect(safeFetch(`${origin()}${path}`, policy())).rejects.toMatchObject({
      status: 422,
      code: "url_not_allowed",
    });
    const after = await (await fetch(`${origin()}/hits`)).json<number>();
    expect(after - before).toBe(1); // only the redirecting hop was contacted
  });

  it("stops after too many redirects", async () => {
    await expect(safeFetch(`${origin()}/loop`, { ...policy(), maxRedirects: 3 })).rejects.toMatchObject({
      code: "url_not_allowed",
    });
  });
});
