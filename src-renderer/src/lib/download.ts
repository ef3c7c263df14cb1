// Saves a file an admin operation returned (backup, support bundle) through the
// browser's download, the same in the desktop window and in a browser.
import type { FileResult } from '../../../src-main/contract/plantops.js';

export function saveFile(file: FileResult): void {
  const blob = new Blob([file.data as Uint8Array<ArrayBuffer>], { type: file.content_type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; free it once the click has been handled.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
