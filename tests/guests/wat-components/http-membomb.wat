;; A wasi:http handler that grows its memory until memory.grow fails, then traps.
(component
  (import "wasi:http/types@0.2.0" (instance $types
    (export "incoming-request" (type (sub resource)))
    (export "response-outparam" (type (sub resource)))))
  (alias export $types "incoming-request" (type $request))
  (alias export $types "response-outparam" (type $outparam))
  (core module $m
    (memory 1)
    (func (export "handle") (param i32 i32)
      (block $refused
        (loop $grow
          (br_if $refused (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))
          (br $grow)))
      (unreachable)))
  (core instance $i (instantiate $m))
  (func $handle (param "request" (own $request)) (param "response-out" (own $outparam))
    (canon lift (core func $i "handle")))
  (instance $handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $handler)))
