# Sourced by the bench/http scripts (needs $root, $work and a pids array).
# serve_app NAME SOURCE PORT starts `capsule up` for a one-component app that
# serves SOURCE on /... at 127.0.0.1:PORT, in its own process group (setsid, so
# a cleanup can kill the whole group), logging to $work/NAME.log.
# Optional, set for one call: REUSE=<instance_reuse value, e.g. "{ max_requests = 100 }">;
# LAYER=core|wasmtime (--component-layer: which layer runs the component, issue 21);
# DLL=<another build's capsule.dll> (that build then keeps its own cache: another
# version may use another entry format).
serve_app() {
  local name="$1" source="$2" port="$3"
  mkdir -p "$work/$name"
  cat > "$work/$name/capsule.toml" <<TOML
[application]
name = "$name"
[[trigger.http]]
route = "/..."
component = "guest"
[component.guest]
source = "$source"
${REUSE:+instance_reuse = $REUSE}
TOML
  CAPSULE_CACHE_DIR="$work/cache${DLL:+-baseline}" setsid dotnet "${DLL:-$root/src/Capsule.Cli/bin/Release/net10.0/capsule.dll}" \
    up "$work/$name" --listen "127.0.0.1:$port" ${LAYER:+--component-layer "$LAYER"} >"$work/$name.log" 2>&1 &
  pids+=($!)
}
