/**
 * Saves text as a file the way a web page can: a temporary object URL on a clicked link. The URL is revoked a
 * moment later rather than at once, since revoking it synchronously can cancel the download in some browsers.
 */
export function saveFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
