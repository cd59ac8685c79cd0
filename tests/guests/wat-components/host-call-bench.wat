;; Calls host functions in a loop, to measure what one host call costs:
;;   nops(n)          n calls of capsule:bench/host.nop()
;;   takes(n, size)   n calls of capsule:bench/host.take(list<u8> of size bytes)
;;   writes(n, size)  n wasi:io/streams output-stream.write calls of size bytes to stdout
(component
  (import "capsule:bench/host" (instance $host
    (export "nop" (func))
    (export "take" (func (param "bytes" (list u8))))))
  (import "wasi:io/error@0.2.12" (instance $io-error
    (export "error" (type (sub resource)))))
  (alias export $io-error "error" (type $error))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (export "error" (type $e (eq $error)))
    (export "output-stream" (type $os (sub resource)))
    (type $stream-error (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $se (eq $stream-error)))
    (export "[method]output-stream.write"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (export "output-stream" (type $os (eq $output-stream)))
    (export "get-stdout" (func (result (own $os))))))

  (core module $memory (memory (export "memory") 2))
  (core instance $memory (instantiate $memory))
  (alias core export $memory "memory" (core memory $mem))
  (core func $nop (canon lower (func $host "nop")))
  (core func $take (canon lower (func $host "take") (memory $mem)))
  (core func $write (canon lower (func $streams "[method]output-stream.write") (memory $mem)))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))

  (core module $main
    (import "host" "nop" (func $nop))
    (import "host" "take" (func $take (param i32 i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "memory" (memory 2))
    (func (export "nops") (param $n i32)
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (call $nop)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))
    (func (export "takes") (param $n i32) (param $size i32)
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (call $take (i32.const 1024) (local.get $size))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))
    (func (export "writes") (param $n i32) (param $size i32)
      (local $out i32)
      (local.set $out (call $get-stdout))
      (block $done (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (call $write (local.get $out) (i32.const 1024) (local.get $size) (i32.const 16))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))))
  (core instance $main (instantiate $main
    (with "host" (instance
      (export "nop" (func $nop))
      (export "take" (func $take))
      (export "write" (func $write))
      (export "get-stdout" (func $get-stdout))
      (export "memory" (memory $mem))))))
  (func (export "nops") (param "n" u32) (canon lift (core func $main "nops")))
  (func (export "takes") (param "n" u32) (param "size" u32) (canon lift (core func $main "takes")))
  (func (export "writes") (param "n" u32) (param "size" u32) (canon lift (core func $main "writes"))))
