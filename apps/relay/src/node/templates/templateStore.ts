// Where the relay keeps published permission templates: one JSON file per template, in a folder per
// organisation (<dir>/<hex of the org name>/<id>.json), written to a temporary name and renamed so a reader
// never sees half a file. The files are the org-root-signed templates exactly as published; anyone reading
// them still verifies the signature (the agent does), so the folder needs integrity, not secrecy.
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toHex, utf8Encode } from '@tether/protocol';
import type { PermissionTemplate } from '@tether/recording';

export interface TemplateStore {
  get(org: string, id: string): Promise<PermissionTemplate | undefined>;
  put(template: PermissionTemplate): Promise<void>;
  list(org: string): Promise<PermissionTemplate[]>;
}

export class FolderTemplateStore implements TemplateStore {
  constructor(private readonly dir: string) {}

  private orgDir(org: string): string {
    return join(this.dir, toHex(utf8Encode(org)));
  }

  async get(org: string, id: string): Promise<PermissionTemplate | undefined> {
    try {
      return JSON.parse(await readFile(join(this.orgDir(org), `${id}.json`), 'utf8')) as PermissionTemplate;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async put(template: PermissionTemplate): Promise<void> {
    const dir = this.orgDir(template.org);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const file = join(dir, `${template.id}.json`);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temporary, JSON.stringify(template, null, 2) + '\n', { mode: 0o600 });
    await rename(temporary, file);
  }

  async list(org: string): Promise<PermissionTemplate[]> {
    let names: string[];
    try {
      names = await readdir(this.orgDir(org));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: PermissionTemplate[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const t = await this.get(org, name.slice(0, -'.json'.length));
      if (t) out.push(t);
    }
    return out;
  }
}
