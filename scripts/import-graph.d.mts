export function folderOf(file: string): string;
export function folderEdges(): Map<string, string[]>;
export function importLoops(edges?: Map<string, string[]>): string[][];
