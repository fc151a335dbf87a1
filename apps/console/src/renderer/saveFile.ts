// Saves a text file the technician asked for (report, signed log): through the Electron shell's typed
// bridge when present, else as a browser download.
interface ConsoleBridge {
  saveFile(request: { suggestedName: string; text: string }): Promise<{ ok: boolean; message?: string }>;
}

export async function saveTextFile(suggestedName: string, text: string, mime: string): Promise<void> {
  const bridge = (globalThis as { tetherConsole?: ConsoleBridge }).tetherConsole;
  if (bridge) {
    await bridge.saveFile({ suggestedName, text });
    return;
  }
  download(suggestedName, new Blob([text], { type: mime }));
}

/** Saves received bytes as a browser download (Electron shows its own save dialog for downloads). */
export function saveBytesFile(name: string, bytes: Uint8Array): void {
  download(name, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
