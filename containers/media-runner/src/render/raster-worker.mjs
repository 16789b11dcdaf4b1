// A child process that runs resvg for the runner: it flattens scene SVGs (text laid out into
// paths, 200–400 ms of synchronous font loading per scene) and renders stills to raw pixels.
// A process of its own, not a thread: resvg-js aborts its whole process on some inputs (a Rust
// panic cannot unwind into Node), and here that fails one render instead of killing the runner.
// Plain JavaScript, so it starts the same under node, tsx and vitest.
import { Resvg, renderAsync } from "@resvg/resvg-js";

process.on("message", async (message) => {
  const { id, op, svg } = message;
  try {
    if (op === "flatten") {
      const font = svg.includes("<text") ? message.fonts : { loadSystemFonts: false };
      process.send?.({ id, flat: new Resvg(svg, { font, logLevel: "off" }).toString() });
    } else {
      const image = await renderAsync(svg, {
        font: { loadSystemFonts: false },
        background: message.background,
        logLevel: "off",
      });
      process.send?.({ id, width: image.width, height: image.height, pixels: image.pixels });
    }
  } catch (error) {
    process.send?.({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
// The runner going away (or killing its job) ends this process with it.
process.on("disconnect", () => process.exit(0));
