#!/usr/bin/env node
// The `tongxin` command. The server runs from its TypeScript sources through tsx's loader,
// so there is no build step for it (see docs/decisions/0001-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
