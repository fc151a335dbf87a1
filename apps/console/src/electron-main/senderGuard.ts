// Who may call the console's IPC: only our window's main frame showing our own console origin (the
// loopback server main started). A navigated, injected or sub-frame sender gets nothing. No Electron
// import, so it is unit-tested under Node.
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, consoleOrigin: string): boolean {
  if (!isMainFrame || !frameUrl) return false;
  try {
    return new URL(frameUrl).origin === consoleOrigin;
  } catch {
    return false;
  }
}
