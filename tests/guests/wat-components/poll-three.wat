;; Polls three timers at once: two already due (0 ns) and one an hour away.
;; run() = 100 * (how many poll returned) + 10 * first index + second index,
;; so a host that returns exactly the ready ones, in order, gives 202.
(component
  (import "wasi:io/poll@0.2.12" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "poll" (func (param "in" (list (borrow $p))) (result (list u32))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:clocks/monotonic-clock@0.2.12" (instance $clock
    (export "pollable" (type $p (eq $pollable)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $p))))))
  (core module $memory
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $r i32)
      (local.set $r (global.get $next))
      (global.set $next (i32.add (global.get $next) (local.get 3)))
      (local.get $r)))
  (core instance $memory (instantiate $memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "realloc" (core func $realloc))
  (core func $poll (canon lower (func $poll "poll") (memory $mem) (realloc $realloc)))
  (core func $sub (canon lower (func $clock "subscribe-duration")))
  (core module $main
    (import "host" "poll" (func $poll (param i32 i32 i32)))
    (import "host" "sub" (func $sub (param i64) (result i32)))
    (import "host" "memory" (memory 1))
    (func (export "run") (result i32)
      (local $list i32)
      (i32.store (i32.const 100) (call $sub (i64.const 0)))
      (i32.store (i32.const 104) (call $sub (i64.const 3600000000000)))
      (i32.store (i32.const 108) (call $sub (i64.const 0)))
      (call $poll (i32.const 100) (i32.const 3) (i32.const 200))
      (local.set $list (i32.load (i32.const 200)))
      (i32.add
        (i32.mul (i32.load (i32.const 204)) (i32.const 100))
        (i32.add
          (i32.mul (i32.load (local.get $list)) (i32.const 10))
          (i32.load offset=4 (local.get $list))))))
  (core instance $main (instantiate $main
    (with "host" (instance (export "poll" (func $poll)) (export "sub" (func $sub)) (export "memory" (memory $mem))))))
  (func (export "run") (result u32) (canon lift (core func $main "run"))))
