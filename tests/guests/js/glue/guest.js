// Calls every function of capsule:test/things (tests/guests/js/glue/wit/things.wit) through the C# host's
// generated glue and reports what came back as JSON; tests/Capsule.Wit.Glue.Tests checks it.
import {
  nop, reverseBytes, byteCount, movePoint, grow, nextColor, invert, maybeUpper, checkedDiv, failIf, swap,
  sumPoints, line, scalars, consume, drops, Counter,
} from 'capsule:test/things@0.1.0';

// componentize-js 0.23 cannot pass a negative s64 either way (it reads every i64 as unsigned:
// ComponentizeJS#343), so the s64 values here are positive.
// A result<_, _> import returns its ok payload and throws its error (as ComponentError.payload).
function result(call) {
  try {
    const ok = call();
    return { ok: ok === undefined ? null : ok };
  } catch (e) {
    return { err: e.payload !== undefined ? e.payload : String(e) };
  }
}

function counters() {
  const a = new Counter(5n);
  const b = new Counter(10n);
  const added = a.add(2n);
  const merged = Counter.merge(a, b);
  const mergedValue = merged.get();
  const c = new Counter(40n);
  const consumed = consume(c);
  const dropsBefore = drops();
  a[Symbol.dispose]();
  b[Symbol.dispose]();
  merged[Symbol.dispose]();
  return { added, mergedValue, consumed, dropsBefore, dropsAfter: drops() };
}

export function run() {
  nop();
  const report = {
    reversed: Array.from(reverseBytes(new Uint8Array([1, 2, 3, 250]))),
    reversedEmpty: Array.from(reverseBytes(new Uint8Array([]))),
    byteCount: byteCount(new Uint8Array(70000)),
    moved: movePoint({ x: 3, y: -4, label: 'héllo' }, 10),
    grownCircle: grow({ tag: 'circle', val: 21 }),
    grownSquare: grow({ tag: 'square', val: { x: 1, y: 2, label: 'sq' } }),
    grownEmpty: grow({ tag: 'empty' }),
    nextColors: ['red', 'green', 'blue'].map(nextColor),
    inverted: invert({ read: true, write: false, execute: true }),
    upperNone: maybeUpper(undefined) ?? null,
    upperSome: maybeUpper('abc'),
    divided: result(() => checkedDiv(42n, 5n)),
    dividedByZero: result(() => checkedDiv(1n, 0n)),
    notFailed: result(() => failIf(false, 'red')),
    failed: result(() => failIf(true, 'blue')),
    swapped: swap([7, 'seven']),
    summed: sumPoints([{ x: 1, y: 2, label: 'a' }, { x: 10, y: 20, label: 'b' }, { x: 100, y: 200, label: 'c' }]),
    line: line(3),
    scalars: scalars(-5, -300, 1.5, 10.25, 'a', true, 65534, 18446744073709551614n, -2147483648),
    counters: counters(),
  };
  return JSON.stringify(report, (_, v) => (typeof v === 'bigint' ? v.toString() : v));
}
