#!/usr/bin/env node
// Entry point for the `reckon` command. Runs the TypeScript sources directly through tsx so that a checkout
// needs no build step; worker threads started by the engines inherit the same loader.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
