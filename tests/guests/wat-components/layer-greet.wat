;; A component for the component layer's differential tests: it runs on the core layer
;; (Components/Running) and on the component C API with the same host behaviour.
;; greet(name) decorates the name through the host (a string both ways: memory + realloc),
;; makes a host tag numbered by the name's length, reads it back through a borrow, drops it,
;; and returns (decorated, number) through a return pointer with a post-return.
;; Its memory and realloc live in a core instance of their own, so the main instance is
;; linked from an earlier instance's exports (and the first comes from an InstancePre).
(component
  (import "capsule:test/greeter@0.1.0" (instance $host
    (export "tag" (type $tag (sub resource)))
    (export "decorate" (func (param "text" string) (result string)))
    (export "make-tag" (func (param "n" u32) (result (own $tag))))
    (export "[method]tag.number" (func (param "self" (borrow $tag)) (result u32)))))
  (alias export $host "tag" (type $tag))
  (core module $heap
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator: aligned to 8, never frees.
    (func (export "realloc") (param i32 i32 i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.const 7)) (i32.const -8)))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (local.get $p)))
  (core instance $heap (instantiate $heap))
  (alias core export $heap "memory" (core memory $memory))
  (alias core export $heap "realloc" (core func $realloc))
  (core func $decorate (canon lower (func $host "decorate") (memory $memory) (realloc $realloc)))
  (core func $make (canon lower (func $host "make-tag")))
  (core func $number (canon lower (func $host "[method]tag.number")))
  (core func $drop (canon resource.drop $tag))
  (core module $main
    (import "env" "memory" (memory 1))
    (import "host" "decorate" (func $decorate (param i32 i32 i32)))
    (import "host" "make" (func $make (param i32) (result i32)))
    (import "host" "number" (func $number (param i32) (result i32)))
    (import "host" "drop" (func $drop (param i32)))
    (global $posts (mut i32) (i32.const 0))
    ;; Results at 16: decorated ptr, len; at 24: the tag's number.
    (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (local $h i32)
      (call $decorate (local.get $ptr) (local.get $len) (i32.const 16))
      (local.set $h (call $make (local.get $len)))
      (i32.store (i32.const 24) (call $number (local.get $h)))
      (call $drop (local.get $h))
      (i32.const 16))
    (func (export "post-greet") (param i32)
      (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
    (func (export "posts") (result i32) (global.get $posts)))
  (core instance $main (instantiate $main
    (with "env" (instance (export "memory" (memory $memory))))
    (with "host" (instance
      (export "decorate" (func $decorate))
      (export "make" (func $make))
      (export "number" (func $number))
      (export "drop" (func $drop))))))
  (alias core export $main "greet" (core func $greet-core))
  (alias core export $main "post-greet" (core func $post-greet))
  (alias core export $main "posts" (core func $posts-core))
  (func $greet (param "name" string) (result (tuple string u32))
    (canon lift (core func $greet-core) (memory $memory) (realloc $realloc) (post-return $post-greet)))
  (func $posts (result u32) (canon lift (core func $posts-core)))
  (export "greet" (func $greet))
  (export "posts" (func $posts)))
