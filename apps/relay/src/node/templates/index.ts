// The relay's permission template directory: admins publish org-root-signed templates, technicians fetch
// the one their certificate names. Mount it with startRelay(config, { templates }); `pnpm relay` opens it
// when the config sets templatesDir (openTemplatesFromConfig).
export { createTemplateDirectory, mountTemplates, type TemplateDirectory, type TemplateDirectoryOptions } from './templateDirectory';
export { TemplateHttp, TEMPLATES_PREFIX } from './templateHttp';
export { FolderTemplateStore, type TemplateStore } from './templateStore';
export { openTemplatesFromConfig, templateOrganisations } from './templatesFromConfig';
