;; A wasi:http handler that imports an interface no host provides (capsule:test/missing):
;; it compiles but does not link. capsule up --watch must keep the running version when a
;; rebuild produces it.
(component
  (import "capsule:test/missing@0.1.0" (instance $missing
    (export "nothing" (func))))
  (import "wasi:http/types@0.2.0" (instance $types
    (export "incoming-request" (type (sub resource)))
    (export "response-outparam" (type (sub resource)))))
  (alias export $types "incoming-request" (type $request))
  (alias export $types "response-outparam" (type $outparam))
  (core func $nothing (canon lower (func $missing "nothing")))
  (core module $m
    (import "missing" "nothing" (func $nothing))
    (func (export "handle") (param i32 i32) (call $nothing)))
  (core instance $i (instantiate $m (with "missing" (instance (export "nothing" (func $nothing))))))
  (func $handle (param "request" (own $request)) (param "response-out" (own $outparam))
    (canon lift (core func $i "handle")))
  (instance $handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $handler)))
