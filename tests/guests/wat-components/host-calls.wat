;; A component that imports host functions and a host resource, so the
;; native binding layer can be tested without WASI: run(x) makes a counter
;; starting at x, reads it back through a borrow, drops it, returns value+1.
(component
  (import "capsule:test/host" (instance $host
    (export "counter" (type $counter (sub resource)))
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "make-counter" (func (param "start" u32) (result (own $counter))))
    (export "[method]counter.value" (func (param "self" (borrow $counter)) (result u32)))
  ))
  (alias export $host "counter" (type $counter))
  (core func $add (canon lower (func $host "add")))
  (core func $make (canon lower (func $host "make-counter")))
  (core func $value (canon lower (func $host "[method]counter.value")))
  (core func $drop (canon resource.drop $counter))
  (core module $m
    (import "host" "add" (func $add (param i32 i32) (result i32)))
    (import "host" "make" (func $make (param i32) (result i32)))
    (import "host" "value" (func $value (param i32) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (func (export "run") (param $x i32) (result i32)
      (local $h i32)
      (local $v i32)
      (local.set $h (call $make (local.get $x)))
      (local.set $v (call $value (local.get $h)))
      (call $drop (local.get $h))
      (call $add (local.get $v) (i32.const 1))))
  (core instance $i (instantiate $m
    (with "host" (instance
      (export "add" (func $add))
      (export "make" (func $make))
      (export "value" (func $value))
      (export "drop" (func $drop))))))
  (func $run (param "x" u32) (result u32) (canon lift (core func $i "run")))
  (export "run" (func $run)))
