/** Edge labels ("yes", "causes", "につながる"): small wrapped text on a padded plate. */
import type { Rect, TextBlock } from "./types";
import { wrapText } from "./wrap";

export const EDGE_FONT = 12;
const MAX_LABEL_WIDTH = 110;
const PLATE_PAD = 4;

export type EdgeLabelBlock = TextBlock & { box: Rect };

/** The label's text block and plate, centred on (x, y). */
export function edgeLabelAt(text: string, x: number, y: number): EdgeLabelBlock {
  const size = edgeLabelSize(text);
  return {
    ...size.block,
    x,
    y,
    box: { x: x - size.width / 2, y: y - size.height / 2, width: size.width, height: size.height },
  };
}

/** The plate's size, for layouts that reserve room before placing. */
export function edgeLabelSize(text: string): { width: number; height: number; block: Omit<TextBlock, "x" | "y"> } {
  const wrapped = wrapText(text, MAX_LABEL_WIDTH, EDGE_FONT, { maxLines: 2 });
  const lineHeight = EDGE_FONT * 1.3;
  const width = Math.ceil(wrapped.width) + 2 * PLATE_PAD;
  const height = Math.ceil(wrapped.lines.length * lineHeight) + 2 * PLATE_PAD;
  return {
    width,
    height,
    block: {
      lines: wrapped.lines,
      fontSize: EDGE_FONT,
      lineHeight,
      bold: false,
      width: wrapped.width,
      anchor: "middle",
    },
  };
}
