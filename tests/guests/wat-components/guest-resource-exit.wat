;; A command that defines a resource of its own (the component layer does not run guest-defined
;; resources yet: it falls back to the component C API) and whose run makes one, then calls
;; wasi:cli/exit.exit-with-code(5).
(component
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))
  (type $thing (resource (rep i32)))
  (core func $new (canon resource.new $thing))
  (core func $exit (canon lower (func $exit "exit-with-code")))
  (core module $main
    (import "host" "new" (func $new (param i32) (result i32)))
    (import "host" "exit" (func $exit (param i32)))
    (func (export "run") (result i32)
      (drop (call $new (i32.const 42)))
      (call $exit (i32.const 5))
      (i32.const 0)))
  (core instance $main (instantiate $main (with "host" (instance (export "new" (func $new)) (export "exit" (func $exit))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run)))
