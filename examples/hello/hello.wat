;; Capsule's first example: a WASI preview 1 command that greets whoever it
;; is given as its first argument ("world" if none), showing that arguments
;; reach the guest only because `capsule run` passed them.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0..15: scratch (argc, buf size, iovecs); 64: "Hello, "; 80: "world"; 96: "!\n"
  ;; 256: argv pointers; 1024: argv strings
  (data (i32.const 64) "Hello, ")
  (data (i32.const 80) "world")
  (data (i32.const 96) "!\n")
  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store (i32.const 20) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))
  (func (export "_start")
    (local $name i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $args_get (i32.const 256) (i32.const 1024)))
    (local.set $name (i32.const 80))
    (if (i32.ge_u (i32.load (i32.const 0)) (i32.const 2))
      (then (local.set $name (i32.load (i32.const 260)))))
    (call $write (i32.const 64) (i32.const 7))
    (call $write (local.get $name) (call $strlen (local.get $name)))
    (call $write (i32.const 96) (i32.const 2))))
