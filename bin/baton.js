#!/usr/bin/env node
// `npx baton`: runs the TypeScript CLI (cli/baton.ts) through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../cli/baton.ts');
