;; Runs "SELECT v FROM big" on the SQLite database "default" through fermyon:spin/sqlite@2.0.0 and
;; sums what came back, so a test can tell the whole result reached the guest:
;;   blob-bytes: func() -> u32   the total length of the rows' first-column blobs and texts; 0xffffffff when open or execute failed
;;   byte-sum: func() -> u32     the sum of those bytes (after blob-bytes)
;; Its allocator grows the memory as lists arrive.
(component
  (import "fermyon:spin/sqlite@2.0.0" (instance $sql
    (export "connection" (type $connection (sub resource)))
    (type $e (variant (case "no-such-database") (case "access-denied") (case "invalid-connection") (case "database-full") (case "io" string)))
    (export "error" (type $error (eq $e)))
    (type $v (variant (case "integer" s64) (case "real" float64) (case "text" string) (case "blob" (list u8)) (case "null")))
    (export "value" (type $value (eq $v)))
    (type $r (record (field "values" (list $value))))
    (export "row-result" (type $row (eq $r)))
    (type $q (record (field "columns" (list string)) (field "rows" (list $row))))
    (export "query-result" (type $query (eq $q)))
    (export "[static]connection.open" (func (param "database" string) (result (result (own $connection) (error $error)))))
    (export "[method]connection.execute" (func (param "self" (borrow $connection)) (param "statement" string) (param "parameters" (list $value))
      (result (result $query (error $error)))))))
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
  (core func $open (canon lower (func $sql "[static]connection.open") (memory $memory) (realloc $realloc) string-encoding=utf8))
  (core func $execute (canon lower (func $sql "[method]connection.execute") (memory $memory) (realloc $realloc) string-encoding=utf8))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "sql" "open" (func $open (param i32 i32 i32)))
    (import "sql" "execute" (func $execute (param i32 i32 i32 i32 i32 i32)))
    (data (i32.const 16) "default")
    (data (i32.const 32) "SELECT v FROM big")
    (global $rows (mut i32) (i32.const 0))
    (global $count (mut i32) (i32.const 0))
    ;; The first value of row i: a variant of 16 bytes (discriminant, payload at 8); text (2) and blob (3) are (ptr, len).
    (func $cell (param $i i32) (result i32)
      (i32.load (i32.add (global.get $rows) (i32.mul (local.get $i) (i32.const 8)))))
    (func $is-bytes (param $cell i32) (result i32)
      (i32.or (i32.eq (i32.load8_u (local.get $cell)) (i32.const 2)) (i32.eq (i32.load8_u (local.get $cell)) (i32.const 3))))
    (func (export "blob-bytes") (result i32)
      (local $i i32) (local $total i32)
      ;; open("default") -> result<own<connection>, error> at 64: discriminant, handle at 68
      (call $open (i32.const 16) (i32.const 7) (i32.const 64))
      (if (i32.load8_u (i32.const 64)) (then (return (i32.const -1))))
      ;; execute(c, statement, []) -> result<query-result, error> at 128: columns at 132/136, rows at 140/144
      (call $execute (i32.load (i32.const 68)) (i32.const 32) (i32.const 17) (i32.const 0) (i32.const 0) (i32.const 128))
      (if (i32.load8_u (i32.const 128)) (then (return (i32.const -1))))
      (global.set $rows (i32.load (i32.const 140)))
      (global.set $count (i32.load (i32.const 144)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (global.get $count)))
          (if (call $is-bytes (call $cell (local.get $i)))
            (then (local.set $total (i32.add (local.get $total) (i32.load offset=12 (call $cell (local.get $i)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $total))
    (func (export "byte-sum") (result i32)
      (local $i i32) (local $j i32) (local $p i32) (local $n i32) (local $sum i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (global.get $count)))
          (if (call $is-bytes (call $cell (local.get $i)))
            (then
              (local.set $p (i32.load offset=8 (call $cell (local.get $i))))
              (local.set $n (i32.load offset=12 (call $cell (local.get $i))))
              (local.set $j (i32.const 0))
              (block $row-done
                (loop $byte
                  (br_if $row-done (i32.ge_u (local.get $j) (local.get $n)))
                  (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (local.get $p) (local.get $j)))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $byte)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $sum)))
  (core instance $main (instantiate $main
    (with "libc" (instance (export "memory" (memory $memory))))
    (with "sql" (instance (export "open" (func $open)) (export "execute" (func $execute))))))
  (func (export "blob-bytes") (result u32) (canon lift (core func $main "blob-bytes")))
  (func (export "byte-sum") (result u32) (canon lift (core func $main "byte-sum"))))
