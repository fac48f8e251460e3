/** A problem's title: the first line of its description, cut at a readable length. */
export function titleOf(description: string, max = 40): string {
  const firstLine = description.trim().split(/\r?\n/)[0] ?? '';
  const chars = [...firstLine];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : firstLine;
}
