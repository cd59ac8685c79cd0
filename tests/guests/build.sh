#!/usr/bin/env bash
# Builds every test guest into tests/guests/out/ with real toolchains:
#   wat/*.wat  -> out/NAME.wasm             (wat2wasm)
#   c/*.c      -> out/NAME.wasm             (clang --target=wasm32-wasi)
#              -> out/NAME.component.wasm   (jco new --wasi-command: WASI 0.2)
#   extism/*.c -> out/extism-NAME.wasm    (clang, Extism's C PDK: Extism plugins)
#   wat-components/http-*.wat -> out/NAME.wasm (jco parse: component text -> binary)
#   js/*/handler.js -> out/NAME-js.component.wasm (componentize-js, ~10 s each)
#   js/*/guest.js + js/*/wit/ (world `guest`) -> out/NAME-js.component.wasm (componentize-js)
# Cached: a guest is rebuilt only when its source is newer than its output.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/../../scripts/install-toolchains.sh"
out="$here/out"
mkdir -p "$out"
jco="$here/node_modules/.bin/jco"

stale() { [ ! -f "$1" ] || [ "$2" -nt "$1" ]; }

for src in "$here"/wat/*.wat; do
  name="$(basename "$src" .wat)"
  if stale "$out/$name.wasm" "$src"; then
    wat2wasm --debug-names "$src" -o "$out/$name.wasm"
    echo "built out/$name.wasm" >&2
  fi
done

for src in "$here"/c/*.c; do
  name="$(basename "$src" .c)"
  if stale "$out/$name.wasm" "$src"; then
    clang --target=wasm32-wasi -O2 -o "$out/$name.wasm" "$src"
    echo "built out/$name.wasm" >&2
  fi
  if stale "$out/$name.component.wasm" "$out/$name.wasm"; then
    "$jco" new "$out/$name.wasm" --wasi-command -o "$out/$name.component.wasm" >/dev/null
    echo "built out/$name.component.wasm" >&2
  fi
done

# Extism plugins (extism/*.c, Extism's C PDK vendored beside them) -> out/extism-NAME.wasm:
# WASI reactors exporting the plugin's functions, as the PDK's README builds them with wasi-sdk.
for src in "$here"/extism/*.c; do
  name="$(basename "$src" .c)"
  if stale "$out/extism-$name.wasm" "$src" || stale "$out/extism-$name.wasm" "$here/extism/extism-pdk.h"; then
    clang --target=wasm32-wasi -mexec-model=reactor -O2 -I "$here/extism" -o "$out/extism-$name.wasm" "$src"
    echo "built out/extism-$name.wasm" >&2
  fi
done

# Component text (wat-components/*.wat) -> binary, through the parser Wasmtime
# itself uses (wasm-tools, inside jco), so tests can serve them like any .wasm.
for src in "$here"/wat-components/http-*.wat; do
  name="$(basename "$src" .wat)"
  if stale "$out/$name.wasm" "$src"; then
    "$jco" parse "$src" -o "$out/$name.wasm" >/dev/null
    echo "built out/$name.wasm" >&2
  fi
done

for src in "$here"/js/*/handler.js; do
  name="$(basename "$(dirname "$src")")"
  target="$out/$name-js.component.wasm"
  if stale "$target" "$src" || stale "$target" "$here/js/build-component.mjs"; then
    (cd "$here" && node js/build-component.mjs "$src" "$target")
  fi
done

# Guests of a custom world (js/NAME/wit/, world `guest`), e.g. the generated glue's test interface.
for src in "$here"/js/*/guest.js; do
  dir="$(dirname "$src")"
  name="$(basename "$dir")"
  target="$out/$name-js.component.wasm"
  if stale "$target" "$src" || stale "$target" "$here/js/build-world.mjs" || [ -n "$(find "$dir/wit" -newer "$target" 2>/dev/null)" ]; then
    (cd "$here" && node js/build-world.mjs "$src" "$dir/wit" "$target")
  fi
done
