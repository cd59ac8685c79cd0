// Builds a component of a custom world from a script with componentize-js.
// Usage: node build-world.mjs GUEST.js WIT-FOLDER OUT.wasm (the folder's world must be named `guest`).
// Like build-component.mjs, it opens '/' to preview2-shim first (../shared/notes/guest-toolchains.md).
// A WIT-FOLDER/deps.txt names the packages the world uses, one a line: a folder of the repo's wit/
// (e.g. fermyon-spin), or `wasi` for jco's WASI 0.2.10 (what componentize-js 0.23 exports).
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

_setPreopens({ '/': '/' });
const { componentize } = await import('@bytecodealliance/componentize-js');

const [source, witPath, out] = process.argv.slice(2).map((p) => resolve(p));
if (!source || !witPath || !out) {
  console.error('usage: node build-world.mjs GUEST.js WIT-FOLDER OUT.wasm');
  process.exit(64);
}
const witDir = withDeps(witPath);
try {
  const { component } = await componentize({ sourcePath: source, witPath: witDir, worldName: 'guest' });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, component);
  console.error(`built ${out} (${component.length} bytes)`);
} finally {
  if (witDir !== witPath) rmSync(witDir, { recursive: true, force: true });
}

function withDeps(folder) {
  const list = join(folder, 'deps.txt');
  if (!existsSync(list)) return folder;
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'capsule-wit-'));
  cpSync(folder, dir, { recursive: true, filter: (p) => !p.endsWith('deps.txt') });
  for (const name of readFileSync(list, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (name === 'wasi') {
      cpSync(join(here, '..', 'node_modules', '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin', '0.2.12'), join(dir, 'deps'), { recursive: true });
      retargetVersion(join(dir, 'deps'), '0.2.12', '0.2.10');
    } else {
      cpSync(join(here, '..', '..', '..', 'wit', name), join(dir, 'deps', name), { recursive: true });
    }
  }
  return dir;
}

function retargetVersion(dir, from, to) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) retargetVersion(path, from, to);
    else if (name.endsWith('.wit')) writeFileSync(path, readFileSync(path, 'utf8').replaceAll(`@${from}`, `@${to}`));
  }
}
