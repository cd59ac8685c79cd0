;; Imports WASI at 0.2.0 and 0.2.5, older than the 0.2.12 Capsule defines:
;; run() = 1 when both calls answered (a random u64 and a monotonic instant).
(component
  (import "wasi:random/random@0.2.0" (instance $random
    (export "get-random-u64" (func (result u64)))))
  (import "wasi:clocks/monotonic-clock@0.2.5" (instance $clock
    (export "now" (func (result u64)))))
  (core func $random (canon lower (func $random "get-random-u64")))
  (core func $now (canon lower (func $clock "now")))
  (core module $main
    (import "host" "random" (func $random (result i64)))
    (import "host" "now" (func $now (result i64)))
    (func (export "run") (result i32)
      (drop (call $random))
      (i64.ne (call $now) (i64.const 0))))
  (core instance $main (instantiate $main
    (with "host" (instance (export "random" (func $random)) (export "now" (func $now))))))
  (func (export "run") (result u32) (canon lift (core func $main "run"))))
