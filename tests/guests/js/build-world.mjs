// Builds a component of a custom world from a script with componentize-js.
// Usage: node build-world.mjs GUEST.js WIT-FOLDER OUT.wasm (the folder's world must be named `guest`).
// Like build-component.mjs, it opens '/' to preview2-shim first (../shared/notes/guest-toolchains.md).
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

_setPreopens({ '/': '/' });
const { componentize } = await import('@bytecodealliance/componentize-js');

const [source, witPath, out] = process.argv.slice(2).map((p) => resolve(p));
if (!source || !witPath || !out) {
  console.error('usage: node build-world.mjs GUEST.js WIT-FOLDER OUT.wasm');
  process.exit(64);
}
const { component } = await componentize({ sourcePath: source, witPath, worldName: 'guest' });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, component);
console.error(`built ${out} (${component.length} bytes)`);
