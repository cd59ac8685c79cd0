;; A wasi:http handler that grows its memory 1 MiB at a time and writes every
;; byte it gets (so the pages are really resident, unlike a bare memory.grow),
;; until memory.grow fails; then it traps. For memory-budget tests.
(component
  (import "wasi:http/types@0.2.0" (instance $types
    (export "incoming-request" (type (sub resource)))
    (export "response-outparam" (type (sub resource)))))
  (alias export $types "incoming-request" (type $request))
  (alias export $types "response-outparam" (type $outparam))
  (core module $m
    (memory 1)
    (func (export "handle") (param i32 i32)
      (local $old i32)
      (block $refused
        (loop $grow
          (local.set $old (memory.grow (i32.const 16)))
          (br_if $refused (i32.eq (local.get $old) (i32.const -1)))
          (memory.fill (i32.mul (local.get $old) (i32.const 65536)) (i32.const 1) (i32.const 1048576))
          (br $grow)))
      (unreachable)))
  (core instance $i (instantiate $m))
  (func $handle (param "request" (own $request)) (param "response-out" (own $outparam))
    (canon lift (core func $i "handle")))
  (instance $handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $handler)))
