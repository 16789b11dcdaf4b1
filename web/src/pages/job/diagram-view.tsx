/**
 * The diagram's SVG, inlined (so it scales crisply and its text is searchable) after removing
 * anything executable, with zoom (wheel, buttons, +/- keys) and pan (drag, arrow keys).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { useT } from "../../lib/i18n";

/** Parses SVG text and drops scripts, foreign content, event handlers and javascript: links. */
export function sanitizeSvg(text: string): SVGSVGElement | null {
  const doc = new DOMParser().parseFromString(text, "image/svg+xml");
  const svg = doc.documentElement;
  if (svg.nodeName !== "svg" || doc.querySelector("parsererror")) return null;
  for (const bad of [...svg.querySelectorAll("script, foreignObject, iframe, object, embed")]) bad.remove();
  for (const el of [svg, ...svg.querySelectorAll("*")]) {
    for (const attr of [...el.attributes]) {
      if (/^on/i.test(attr.name) || (/href$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value)))
        el.removeAttribute(attr.name);
    }
  }
  return document.importNode(svg, true) as unknown as SVGSVGElement;
}

export function DiagramView(props: { svg: string; title: string }) {
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ scale: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    const svg = sanitizeSvg(props.svg);
    if (!host.current) return;
    host.current.replaceChildren(...(svg ? [svg] : []));
    if (svg) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", props.title);
      svg.removeAttribute("width");
      svg.removeAttribute("height");
    }
  }, [props.svg]);

  const zoom = (factor: number) => setView((v) => ({ ...v, scale: Math.min(8, Math.max(0.25, v.scale * factor)) }));
  const pan = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));

  function onKey(event: KeyboardEvent) {
    const moves: Record<string, () => void> = {
      "+": () => zoom(1.25),
      "=": () => zoom(1.25),
      "-": () => zoom(0.8),
      "0": () => setView({ scale: 1, x: 0, y: 0 }),
      ArrowLeft: () => pan(40, 0),
      ArrowRight: () => pan(-40, 0),
      ArrowUp: () => pan(0, 40),
      ArrowDown: () => pan(0, -40),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      move();
    }
  }

  return (
    <div class="diagram">
      <div class="toolbar" role="toolbar" aria-label={t("zoom")}>
        <button type="button" onClick={() => zoom(1.25)} aria-label={t("zoomIn")}>
          +
        </button>
        <button type="button" onClick={() => zoom(0.8)} aria-label={t("zoomOut")}>
          −
        </button>
        <button type="button" onClick={() => setView({ scale: 1, x: 0, y: 0 })}>
          {t("reset")}
        </button>
        <span class="muted small">{Math.round(view.scale * 100)}%</span>
      </div>
      {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useAriaPropsSupportedByRole: the pan-and-zoom viewport takes keys and the wheel; it is focusable so keyboard users can pan */}
      <div
        class="viewport"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users can pan and zoom
        tabIndex={0}
        aria-label={t("diagramViewport")}
        onKeyDown={onKey}
        onWheel={(e) => {
          e.preventDefault();
          zoom(e.deltaY < 0 ? 1.1 : 0.9);
        }}
        onPointerDown={(e) => {
          drag.current = { x: e.clientX, y: e.clientY };
          (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          if (!drag.current) return;
          pan(e.clientX - drag.current.x, e.clientY - drag.current.y);
          drag.current = { x: e.clientX, y: e.clientY };
        }}
        onPointerUp={() => (drag.current = null)}
      >
        <div
          ref={host}
          class="canvas"
          data-testid="diagram-svg"
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
    </div>
  );
}
