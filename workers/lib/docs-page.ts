/**
 * The /docs page: a self-contained reader for the OpenAPI document (no CDN, so it works on an
 * offline machine). It lists every operation by tag with its parameters, body and responses.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Zukai API reference</title>
<style>
body{font:15px/1.5 system-ui,"Noto Sans CJK JP",sans-serif;margin:0;color:#1c1c1c;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:1rem 2rem}main{max-width:980px;margin:auto;padding:1rem 2rem}
details{background:#fff;border:1px solid #ddd;border-radius:6px;margin:.4rem 0}summary{cursor:pointer;padding:.5rem .8rem}
.m{display:inline-block;min-width:4.5em;font-weight:700;text-transform:uppercase}.get{color:#0a6}.post{color:#06c}.delete{color:#c22}.patch,.put{color:#b60}
pre{background:#f3f3f3;padding:.6rem;overflow:auto;margin:.4rem .8rem}h2{margin-top:1.6rem}code{font-size:90%}
</style></head><body><header><h1>Zukai API</h1><p>OpenAPI 3.1: <a style="color:#cde" href="/api/v1/openapi.json">/api/v1/openapi.json</a></p></header>
<main id="ops">Loading…</main>
<script type="module">
const spec = await (await fetch("/api/v1/openapi.json")).json();
const byTag = new Map();
for (const [path, item] of Object.entries(spec.paths))
  for (const [method, op] of Object.entries(item)) {
    const tag = (op.tags && op.tags[0]) || "Other";
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push({ path, method, op });
  }
const main = document.getElementById("ops");
main.textContent = "";
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text) e.textContent = text; if (cls) e.className = cls; return e; };
for (const [tag, ops] of byTag) {
  main.append(el("h2", tag));
  for (const { path, method, op } of ops) {
    const d = el("details"); const s = el("summary");
    s.append(el("span", method, "m " + method), el("code", path), document.createTextNode(" — " + (op.summary || "")));
    d.append(s);
    if (op.description) d.append(el("p", op.description));
    const show = (label, value) => { if (value) { d.append(el("strong", label)); d.append(el("pre", JSON.stringify(value, null, 2))); } };
    show("Parameters", op.parameters);
    show("Request body", op.requestBody);
    show("Responses", op.responses);
    show("Security", op.security);
    main.append(d);
  }
}
</script></body></html>`;
