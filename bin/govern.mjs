#!/usr/bin/env node
// `npx govern`: the CLI is TypeScript; tsx compiles it on the fly, as `npm start` does for the local cloud.
import { register } from 'tsx/esm/api';

register();
await import('../cli/govern.ts');
