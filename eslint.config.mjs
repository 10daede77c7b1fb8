// Flat config: eslint + typescript-eslint recommended, type-aware no-floating-promises for TypeScript,
// and the core rule of this codebase: src/core/ never imports vscode or the language client/server.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['node_modules/', 'dist/', 'out/', '.tools/', '.vscode-test/', 'screenshots/', 'samples/',
      'test/fixtures/', 'test/workspace/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    // Like tsc's noUnusedParameters: a leading underscore marks a deliberately unused name.
    rules: {
      '@typescript-eslint/no-unused-vars': ['error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/**/*.mjs', 'test/**/*.cjs', 'test/**/*.js'],
    languageOptions: { globals: globals.mocha },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core stays free of vscode: put host code in src/extension.' }],
        patterns: [{ group: ['vscode-languageclient*', 'vscode-languageserver*'], message: 'src/core stays free of LSP libraries.' }],
      }],
    },
  },
);
