// Lint gate: zero warnings. The layering rule keeps imports one-way:
// packages/* and */common/* are environment-free; node/ and renderer/ never import each other;
// only electron-main/ and preload/ may touch electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const layerPattern = (layer) => ({ group: [`**/${layer}/**`, `**/${layer}`], message: `this layer may not import from ${layer}/` });

const restrict = (paths, patterns) => ['error', { paths: paths.map((name) => ({ name, message: 'not allowed in this layer' })), patterns }];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/out/**', 'test-artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['packages/*/src/**/*.ts', 'apps/*/src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([...nodeBuiltins, 'electron', 'ws', 'react', 'react-dom'], [
        layerPattern('node'), layerPattern('renderer'), layerPattern('electron-main'), layerPattern('preload'),
      ]),
      'no-restricted-globals': ['error', 'process', 'Buffer', 'window', 'document', 'require', '__dirname'],
    },
  },
  {
    files: ['apps/*/src/node/**/*.ts', 'packages/*/src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(['electron'], [layerPattern('renderer'), layerPattern('electron-main'), layerPattern('preload')]),
      'no-restricted-globals': 'off',
    },
  },
  {
    files: ['apps/*/src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict([...nodeBuiltins, 'electron', 'ws'], [layerPattern('node'), layerPattern('electron-main'), layerPattern('preload')]),
    },
  },
  {
    files: ['apps/*/src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(nodeBuiltins, [layerPattern('node'), layerPattern('renderer'), layerPattern('electron-main')]),
    },
  },
  {
    files: ['apps/*/src/electron-main/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(['react', 'react-dom'], [layerPattern('renderer'), layerPattern('preload')]),
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
