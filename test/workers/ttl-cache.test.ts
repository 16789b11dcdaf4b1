import { describe, expect, it } from "vitest";
import { TtlCache } from "../../workers/lib/ttl-cache";

describe("TtlCache", () => {
  it("expires entries after the ttl and evicts the oldest past the bound", () => {
    const cache = new TtlCache<number>(1000, 2);
    cache.set("a", 1, 0);
    expect(cache.get("a", 999)).toBe(1);
    expect(cache.get("a", 1000)).toBeUndefined();
    cache.set("a", 1, 0);
    cache.set("b", 2, 0);
    cache.set("c", 3, 0);
    expect([cache.get("a", 1), cache.get("b", 1), cache.get("c", 1)]).toEqual([undefined, 2, 3]);
  });

  it("forgets by predicate, and a zero ttl caches nothing", () => {
    const cache = new TtlCache<{ id: string }>(1000);
    cache.set("x", { id: "k1" });
    cache.set("y", { id: "k2" });
    cache.deleteWhere((v) => v.id === "k1");
    expect(cache.get("x")).toBeUndefined();
    expect(cache.get("y")).toEqual({ id: "k2" });
    const off = new TtlCache<number>(0);
    off.set("x", 1);
    expect(off.get("x")).toBeUndefined();
  });
});
