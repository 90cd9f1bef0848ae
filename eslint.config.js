import tseslint from 'typescript-eslint';

/**
 * Lint for what the type checker does not catch and the style guide asks for: every promise awaited or
 * handled (a dropped promise loses errors and, in a Lambda, work), no promise where a value is expected.
 */
export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.steward/**', 'coverage/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
);
