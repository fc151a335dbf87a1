// Where the one-time agent finds its session code: `--code 123456789`, an invite link
// (`tether://join/<code>` or `https://.../join/<code>`) passed as an argument, or the file name the
// customer downloaded (`Tether-Support-123456789.AppImage`). Codes are 9..12 digits.
const CODE = /^[0-9]{9,12}$/;

export function sessionCodeFrom(argv: readonly string[], executableName: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--code' && CODE.test(argv[i + 1] ?? '')) return argv[i + 1];
    const eq = /^--code=(.*)$/.exec(arg);
    if (eq && CODE.test(eq[1] ?? '')) return eq[1];
    const link = /^(?:tether:\/\/join\/|https:\/\/[^/\s]+\/join\/)([0-9]{9,12})\/?$/.exec(arg);
    if (link) return link[1];
  }
  const fromName = /(?:^|[-_ ])([0-9]{9,12})(?:\s*\(\d+\))?\.(?:AppImage|exe|app|dmg)$/i.exec(executableName);
  return fromName?.[1];
}
