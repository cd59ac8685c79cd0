;; A WAGI (CGI) module that grows its linear memory by 512 pages (32 MiB, from 1 page to 513)
;; and answers "grew": the per-request cost tests check that the access line reports its peak
;; linear memory (memory never shrinks, so the size at the end is the peak).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "Content-Type: text/plain\n\ngrew\n")
  (func (export "_start")
    (if (i32.eq (memory.grow (i32.const 512)) (i32.const -1))
      (then unreachable))
    ;; the top page is really there: write its last byte
    (i32.store8 (i32.const 33619967) (i32.const 1))
    ;; iovec at 0: { buf = 64, len = 31 }
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 31))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
