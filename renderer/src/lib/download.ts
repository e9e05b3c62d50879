// Saves text or a blob as a file through the browser's download (works in both hosts).
export function downloadFile(content: Blob | string, fileName: string, mime = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type: mime }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  // In the document while clicked: some engines ignore a click on a detached link.
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
