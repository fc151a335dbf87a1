// Opens the template directory the relay config describes: on when templatesDir is set. Organisations are
// the archive's (the relay's own org with archiveAdminKeys, plus archiveOrganisationsFile); the relay's own
// org is always served for technicians' fetches, with no admin key unless archiveAdminKeys names some.
import { mkdirSync } from 'node:fs';
import type { RelayConfig } from '../config';
import { archiveOrganisations } from '../archive/archiveFromConfig';
import type { ArchiveOrganisation } from '../archive/archiveAuth';
import { createTemplateDirectory, type TemplateDirectory } from './templateDirectory';
import { decodeKey } from '@tether/crypto';
import { TetherError } from '@tether/protocol';

type TemplatesConfig = Pick<RelayConfig, 'org' | 'rootPublicKey' | 'revokedSerials' | 'templatesDir'> & Pick<RelayConfig, Extract<keyof RelayConfig, `archive${string}`>>;

export function templateOrganisations(config: TemplatesConfig): ArchiveOrganisation[] {
  const out = archiveOrganisations(config);
  if (config.org !== '' && config.rootPublicKey !== '' && !out.some((o) => o.org === config.org)) {
    const root = decodeKey(config.rootPublicKey, 'root-pub');
    if (!root.ok) throw new TetherError('E_BAD_ARGUMENT', `relay templates: rootPublicKey: ${root.error.detail ?? root.error.message}`);
    out.push({ org: config.org, rootPublicKey: root.value, adminKeys: [], revokedSerials: config.revokedSerials });
  }
  return out;
}

/** The template directory, or undefined when templatesDir is empty; E_BAD_ARGUMENT naming the problem. */
export function openTemplatesFromConfig(config: TemplatesConfig): TemplateDirectory | undefined {
  if (config.templatesDir === '') return undefined;
  const organisations = templateOrganisations(config);
  if (organisations.length === 0) throw new TetherError('E_BAD_ARGUMENT', 'relay templates: templatesDir needs an organisation (org + rootPublicKey, or archiveOrganisationsFile)');
  mkdirSync(config.templatesDir, { recursive: true, mode: 0o700 });
  return createTemplateDirectory({ dir: config.templatesDir, organisations });
}
