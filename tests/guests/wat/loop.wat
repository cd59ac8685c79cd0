;; Spins forever: only an epoch deadline (--timeout) or fuel ends it.
(module
  (func (export "_start") (loop $forever (br $forever))))
