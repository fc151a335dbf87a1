// Writes the golden vectors: `pnpm exec tsx packages/protocol/test/vectors/generate.ts`.
// Run it only for an intended wire change; the tests compare the implementation to the committed files.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalGrantBytes, encodeSessionMessage, toHex } from '../../src/index';
import { toVectorJson, type GrantVectorFile, type MessageVectorFile } from '../support/vectorJson';
import { FAMILIES, GRANTS } from './samples';

const here = dirname(fileURLToPath(import.meta.url));

function write(name: string, content: unknown): void {
  const path = join(here, name);
  writeFileSync(path, JSON.stringify(content, null, 2) + '\n');
  console.log(`wrote ${path}`);
}

for (const [family, messages] of Object.entries(FAMILIES)) {
  const seen = new Map<string, number>();
  const file: MessageVectorFile = {
    description: `Session messages, ${family} family: message (byte fields as {"$bytes": hex}) and its exact encoding.`,
    vectors: messages.map((message) => {
      const n = (seen.get(message.type) ?? 0) + 1;
      seen.set(message.type, n);
      return { name: `${message.type} #${n}`, message: toVectorJson(message), hex: toHex(encodeSessionMessage(message)) };
    }),
  };
  write(`session-${family}.json`, file);
}

const grants: GrantVectorFile = {
  description: 'Consent grants and their canonical signing bytes (canonicalGrantBytes).',
  vectors: GRANTS.map(({ name, grant }) => ({ name, grant, canonicalHex: toHex(canonicalGrantBytes(grant)) })),
};
write('session-grant-canonical.json', grants);
