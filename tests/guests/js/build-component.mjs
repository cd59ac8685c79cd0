// Builds a wasi:http/proxy component from a fetch-event script with
// componentize-js. Usage: node build-component.mjs SOURCE.js OUT.wasm
//
// Two facts from ../shared/notes/guest-toolchains.md shape this script:
// the splicer runs on preview2-shim, which starts with no preopens (so we
// open '/' and pass absolute paths), and componentize-js 0.23 exports
// incoming-handler@0.2.10, so the WIT we hand it must name 0.2.10.
import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

_setPreopens({ '/': '/' });
const { componentize } = await import('@bytecodealliance/componentize-js');

const [source, out] = process.argv.slice(2).map((p) => resolve(p));
if (!source || !out) {
  console.error('usage: node build-component.mjs SOURCE.js OUT.wasm');
  process.exit(64);
}

const here = dirname(fileURLToPath(import.meta.url));
const builtinWit = join(here, '..', 'node_modules', '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin', '0.2.12');
const witDir = mkdtempSync(join(tmpdir(), 'capsule-wit-'));
try {
  cpSync(builtinWit, join(witDir, 'deps'), { recursive: true });
  retargetVersion(join(witDir, 'deps'), '0.2.12', '0.2.10');
  writeFileSync(join(witDir, 'world.wit'),
    'package capsule:guest;\n\nworld handler {\n  include wasi:http/proxy@0.2.10;\n}\n');
  const { component } = await componentize({ sourcePath: source, witPath: witDir, worldName: 'handler' });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, component);
  console.error(`built ${out} (${component.length} bytes)`);
} finally {
  rmSync(witDir, { recursive: true, force: true });
}

function retargetVersion(dir, from, to) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) retargetVersion(path, from, to);
    else if (name.endsWith('.wit')) writeFileSync(path, readFileSync(path, 'utf8').replaceAll(`@${from}`, `@${to}`));
  }
}
