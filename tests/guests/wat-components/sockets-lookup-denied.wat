;; Takes the instance's network, asks wasi:sockets to resolve a name through it, and
;; drops what it got: run() = 0 when a stream came back, else 1 + the error-code's index.
(component
  (import "wasi:sockets/network@0.2.12" (instance $network
    (export "network" (type (sub resource)))
    (type $ec (enum
      "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout"
      "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit"
      "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused"
      "connection-reset" "connection-aborted" "datagram-too-large" "name-unresolvable"
      "temporary-resolver-failure" "permanent-resolver-failure"))
    (export "error-code" (type (eq $ec)))))
  (alias export $network "network" (type $net))
  (alias export $network "error-code" (type $error-code))
  (import "wasi:sockets/instance-network@0.2.12" (instance $instance-network
    (export "network" (type $n (eq $net)))
    (export "instance-network" (func (result (own $n))))))
  (import "wasi:sockets/ip-name-lookup@0.2.12" (instance $lookup
    (export "network" (type $n (eq $net)))
    (export "error-code" (type $ec (eq $error-code)))
    (export "resolve-address-stream" (type $s (sub resource)))
    (export "resolve-addresses" (func (param "network" (borrow $n)) (param "name" string) (result (result (own $s) (error $ec)))))))
  (alias export $lookup "resolve-address-stream" (type $stream))

  (core module $memory
    (memory (export "memory") 1)
    (data (i32.const 64) "example.com"))
  (core instance $memory (instantiate $memory))
  (alias core export $memory "memory" (core memory $mem))
  (core func $instance-network (canon lower (func $instance-network "instance-network")))
  (core func $resolve (canon lower (func $lookup "resolve-addresses") (memory $mem)))
  (core func $drop-network (canon resource.drop $net))
  (core func $drop-stream (canon resource.drop $stream))

  (core module $main
    (import "host" "instance-network" (func $instance-network (result i32)))
    (import "host" "resolve" (func $resolve (param i32 i32 i32 i32)))
    (import "host" "drop-network" (func $drop-network (param i32)))
    (import "host" "drop-stream" (func $drop-stream (param i32)))
    (import "host" "memory" (memory 1))
    (func (export "run") (result i32)
      (local $network i32)
      (local.set $network (call $instance-network))
      (call $resolve (local.get $network) (i32.const 64) (i32.const 11) (i32.const 16))
      (call $drop-network (local.get $network))
      (if (result i32) (i32.eqz (i32.load8_u (i32.const 16)))
        (then (call $drop-stream (i32.load (i32.const 20))) (i32.const 0))
        (else (i32.add (i32.const 1) (i32.load8_u (i32.const 20)))))))
  (core instance $main (instantiate $main
    (with "host" (instance
      (export "instance-network" (func $instance-network))
      (export "resolve" (func $resolve))
      (export "drop-network" (func $drop-network))
      (export "drop-stream" (func $drop-stream))
      (export "memory" (memory $mem))))))
  (func $run (result u32) (canon lift (core func $main "run")))
  (export "run" (func $run)))
