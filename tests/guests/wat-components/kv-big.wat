;; Reads key "big" of the key-value store "default" through fermyon:spin/key-value@2.0.0 and
;; returns its length, with a checksum folded in as a second export (the value must arrive whole):
;;   get-len: func() -> u32     the value's length; 0xffffffff when open or get failed, 0xfffffffe when absent
;;   get-sum: func() -> u32     the sum of the value's bytes (after get-len)
;; Its allocator grows the memory as lists arrive (a 16 MiB value takes 256 pages).
(component
  (import "fermyon:spin/key-value@2.0.0" (instance $kv
    (export "store" (type $store (sub resource)))
    (type $e (variant (case "store-table-full") (case "no-such-store") (case "access-denied") (case "other" string)))
    (export "error" (type $error (eq $e)))
    (export "[static]store.open" (func (param "label" string) (result (result (own $store) (error $error)))))
    (export "[method]store.get" (func (param "self" (borrow $store)) (param "key" string) (result (result (option (list u8)) (error $error)))))))
  (core module $libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32) (local $end i32) (local $have i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $p) (local.get $size)))
      (local.set $have (i32.mul (memory.size) (i32.const 65536)))
      (if (i32.gt_u (local.get $end) (local.get $have))
        (then
          (if (i32.eq (memory.grow (i32.div_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535)) (i32.const 65536)))
                      (i32.const -1))
            (then unreachable))))
      (global.set $heap (local.get $end))
      (local.get $p)))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "memory" (core memory $memory))
  (alias core export $libc "realloc" (core func $realloc))
  (core func $open (canon lower (func $kv "[static]store.open") (memory $memory) (realloc $realloc) string-encoding=utf8))
  (core func $get (canon lower (func $kv "[method]store.get") (memory $memory) (realloc $realloc) string-encoding=utf8))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "kv" "open" (func $open (param i32 i32 i32)))
    (import "kv" "get" (func $get (param i32 i32 i32 i32)))
    (data (i32.const 16) "default")
    (data (i32.const 32) "big")
    (global $ptr (mut i32) (i32.const 0))
    (global $len (mut i32) (i32.const 0))
    (func (export "get-len") (result i32)
      ;; open("default") -> result<own<store>, error> at 64: discriminant byte, handle at 68
      (call $open (i32.const 16) (i32.const 7) (i32.const 64))
      (if (i32.load8_u (i32.const 64)) (then (return (i32.const -1))))
      ;; get(store, "big") -> result<option<list<u8>>, error> at 128: result at 128, option at 132, list at 136/140
      (call $get (i32.load (i32.const 68)) (i32.const 32) (i32.const 3) (i32.const 128))
      (if (i32.load8_u (i32.const 128)) (then (return (i32.const -1))))
      (if (i32.eqz (i32.load8_u (i32.const 132))) (then (return (i32.const -2))))
      (global.set $ptr (i32.load (i32.const 136)))
      (global.set $len (i32.load (i32.const 140)))
      (global.get $len))
    (func (export "get-sum") (result i32)
      (local $i i32) (local $sum i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (global.get $len)))
          (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (global.get $ptr) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $sum)))
  (core instance $main (instantiate $main
    (with "libc" (instance (export "memory" (memory $memory))))
    (with "kv" (instance (export "open" (func $open)) (export "get" (func $get))))))
  (func (export "get-len") (result u32) (canon lift (core func $main "get-len")))
  (func (export "get-sum") (result u32) (canon lift (core func $main "get-sum"))))
