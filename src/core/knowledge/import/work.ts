/**
 * Characters the streaming readers scan or copy while cutting a file into lines and records. Tests read it to
 * prove that the work stays linear in the file's size however it is chunked, without a clock: a line or record
 * spread over many chunks must not be re-read, or re-copied, once per chunk.
 */
export const importWork = { chars: 0 };

/** Joins the pieces of a line or record that arrived in several chunks, counting the copy. */
export function joinPieces(pieces: readonly string[], last: string): string {
  const text = pieces.length === 0 ? last : pieces.join('') + last;
  importWork.chars += text.length;
  return text;
}
