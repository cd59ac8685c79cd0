;; A command whose run calls wasi:cli/exit.exit-with-code(7): the run
;; ends there, and the host reports 7 as its exit code.
(component
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))))
  (core func $exit (canon lower (func $exit "exit-with-code")))
  (core module $main
    (import "host" "exit" (func $exit (param i32)))
    (func (export "run") (result i32)
      (call $exit (i32.const 7))
      (i32.const 0)))
  (core instance $main (instantiate $main (with "host" (instance (export "exit" (func $exit))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run)))
