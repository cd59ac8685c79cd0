;; Splices up to 100 bytes from stdin to stdout in one call:
;; output-stream.blocking-splice(self, src) takes two borrowed handles.
;; run() = the number of bytes spliced.
(component
  (import "wasi:io/error@0.2.12" (instance $error (export "error" (type (sub resource)))))
  (alias export $error "error" (type $err))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (export "error" (type $e (eq $err)))
    (export "input-stream" (type $in (sub resource)))
    (export "output-stream" (type $out (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $se)))
    (export "[method]output-stream.blocking-splice"
      (func (param "self" (borrow $out)) (param "src" (borrow $in)) (param "len" u64) (result (result u64 (error $stream-error)))))))
  (alias export $streams "input-stream" (type $input))
  (alias export $streams "output-stream" (type $output))
  (import "wasi:cli/stdin@0.2.12" (instance $stdin
    (export "input-stream" (type $in (eq $input)))
    (export "get-stdin" (func (result (own $in))))))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (export "output-stream" (type $out (eq $output)))
    (export "get-stdout" (func (result (own $out))))))
  (core module $memory (memory (export "memory") 1))
  (core instance $memory (instantiate $memory))
  (alias core export $memory "memory" (core memory $mem))
  (core func $splice (canon lower (func $streams "[method]output-stream.blocking-splice") (memory $mem)))
  (core func $stdin (canon lower (func $stdin "get-stdin")))
  (core func $stdout (canon lower (func $stdout "get-stdout")))
  (core module $main
    (import "host" "splice" (func $splice (param i32 i32 i64 i32)))
    (import "host" "stdin" (func $stdin (result i32)))
    (import "host" "stdout" (func $stdout (result i32)))
    (import "host" "memory" (memory 1))
    (func (export "run") (result i32)
      (call $splice (call $stdout) (call $stdin) (i64.const 100) (i32.const 64))
      (if (result i32) (i32.load8_u (i32.const 64))
        (then (i32.const -1))
        (else (i32.wrap_i64 (i64.load (i32.const 72)))))))
  (core instance $main (instantiate $main
    (with "host" (instance (export "splice" (func $splice)) (export "stdin" (func $stdin)) (export "stdout" (func $stdout)) (export "memory" (memory $mem))))))
  (func (export "run") (result u32) (canon lift (core func $main "run"))))
