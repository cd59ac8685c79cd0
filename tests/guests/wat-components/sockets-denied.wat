;; Asks wasi:sockets for a TCP socket and reports what it got:
;; run() = 0 when a socket was created, else 1 + the error-code's index.
(component
  (import "wasi:sockets/network@0.2.12" (instance $network
    (export "network" (type (sub resource)))
    (type $ec (enum
      "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout"
      "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit"
      "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused"
      "connection-reset" "connection-aborted" "datagram-too-large" "name-unresolvable"
      "temporary-resolver-failure" "permanent-resolver-failure"))
    (export "error-code" (type (eq $ec)))
    (type $af (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type (eq $af)))))
  (alias export $network "error-code" (type $error-code))
  (alias export $network "ip-address-family" (type $family))
  (import "wasi:sockets/tcp@0.2.12" (instance $tcp
    (export "tcp-socket" (type (sub resource)))))
  (alias export $tcp "tcp-socket" (type $socket))
  (import "wasi:sockets/tcp-create-socket@0.2.12" (instance $create
    (export "error-code" (type $ec (eq $error-code)))
    (export "ip-address-family" (type $af (eq $family)))
    (export "tcp-socket" (type $s (eq $socket)))
    (export "create-tcp-socket" (func (param "address-family" $af) (result (result (own $s) (error $ec)))))))

  (core module $memory (memory (export "memory") 1))
  (core instance $memory (instantiate $memory))
  (alias core export $memory "memory" (core memory $mem))
  (core func $create (canon lower (func $create "create-tcp-socket") (memory $mem)))
  (core func $drop (canon resource.drop $socket))

  (core module $main
    (import "host" "create" (func $create (param i32 i32)))
    (import "host" "drop" (func $drop (param i32)))
    (import "host" "memory" (memory 1))
    (func (export "run") (result i32)
      (call $create (i32.const 0) (i32.const 16))
      (if (result i32) (i32.eqz (i32.load8_u (i32.const 16)))
        (then (call $drop (i32.load (i32.const 20))) (i32.const 0))
        (else (i32.add (i32.const 1) (i32.load8_u (i32.const 20)))))))
  (core instance $main (instantiate $main
    (with "host" (instance (export "create" (func $create)) (export "drop" (func $drop)) (export "memory" (memory $mem))))))
  (func $run (result u32) (canon lift (core func $main "run")))
  (export "run" (func $run)))
