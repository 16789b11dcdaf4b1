/** Renders an API answer whose shape the page does not model as a readable, nested definition list. */
export function JsonView(props: { value: unknown }) {
  const { value } = props;
  if (value === null || value === undefined) return <span class="muted">–</span>;
  if (Array.isArray(value)) {
    return (
      <ol class="json">
        {value.map((item, i) => (
          <li key={i}>
            <JsonView value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === "object") {
    return (
      <dl class="json">
        {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>
              <JsonView value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span>{String(value)}</span>;
}

/** Every `{ used, limit }` pair in an answer, named by its path: what a quota meter shows. */
export function findMeters(value: unknown, path = ""): { name: string; used: number; limit: number }[] {
  if (!value || typeof value !== "object") return [];
  const record = value as Record<string, unknown>;
  if (typeof record.used === "number" && typeof record.limit === "number") {
    const name = typeof record.meter === "string" ? record.meter : typeof record.name === "string" ? record.name : path;
    return [{ name, used: record.used, limit: record.limit }];
  }
  return Object.entries(record).flatMap(([k, v]) => findMeters(v, path ? `${path}.${k}` : k));
}
