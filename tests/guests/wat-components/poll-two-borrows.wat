;; Subscribes to two timers and polls both in one call: wasi:io/poll with a
;; list of two borrowed pollables. run() = 11 when poll returns.
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
  (core func $drop (canon resource.drop $pollable))
  (core module $main
    (import "host" "poll" (func $poll (param i32 i32 i32)))
    (import "host" "sub" (func $sub (param i64) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (import "host" "memory" (memory 1))
    (func (export "run") (result i32)
      (local $a i32) (local $c i32)
      (local.set $a (call $sub (i64.const 1000)))
      (local.set $c (call $sub (i64.const 1000)))
      (i32.store (i32.const 100) (local.get $a))
      (i32.store (i32.const 104) (local.get $c))
      (call $poll (i32.const 100) (i32.const 2) (i32.const 200))
      (i32.const 11)))
  (core instance $main (instantiate $main
    (with "host" (instance (export "poll" (func $poll)) (export "sub" (func $sub)) (export "drop" (func $drop)) (export "memory" (memory $mem))))))
  (func (export "run") (result u32) (canon lift (core func $main "run"))))
