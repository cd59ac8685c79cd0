;; Subscribes to two timers and drops each pollable at once. run() = 7.
(component
  (import "wasi:io/poll@0.2.12" (instance $poll
    (export "pollable" (type $p (sub resource)))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.12" (instance $clock
    (export "pollable" (type $p (eq $pollable)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))
  (core func $sub (canon lower (func $clock "subscribe-duration")))
  (core func $drop (canon resource.drop $pollable))
  (core module $main
    (import "host" "sub" (func $sub (param i64) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (func (export "run") (result i32)
      (call $drop (call $sub (i64.const 1000)))
      (call $drop (call $sub (i64.const 1000)))
      (i32.const 7)))
  (core instance $main (instantiate $main
    (with "host" (instance (export "sub" (func $sub)) (export "drop" (func $drop))))))
  (func (export "run") (result u32) (canon lift (core func $main "run"))))
