;; Traps on `unreachable` two calls deep, so the backtrace has named frames.
(module
  (func $inner (unreachable))
  (func $outer (call $inner))
  (func (export "_start") (call $outer)))
