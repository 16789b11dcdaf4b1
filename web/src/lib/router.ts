/** Hash routing (#/jobs/job_…): works from any static host and needs no server fallback. */
import { useEffect, useState } from "preact/hooks";

export interface Route {
  path: string[];
  query: URLSearchParams;
}

function parse(): Route {
  const [path = "", query = ""] = location.hash.replace(/^#\/?/, "").split("?");
  return { path: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

/** Goes to a console path such as "/jobs/job_123". */
export function navigate(to: string): void {
  location.hash = to.startsWith("/") ? to : `/${to}`;
}

/** An href for a console path. */
export const href = (to: string) => `#${to.startsWith("/") ? to : `/${to}`}`;

/** The current route; re-renders on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const onChange = () => setRoute(parse());
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}
