// Version 2 of the component plugin in ../plugin (only version() differs), for hot-swap tests.
// A component plugin (capsule:plugin/transform, wit/plugin.wit) for Capsule.Plugins' tests:
// values of every shape round-trip, and fail/spin/hog misbehave on purpose.
const VERSION = '2';
let served = 0;

export const transform = {
  shout(input) { return input.toUpperCase(); },
  sum(numbers) { return BigInt(numbers.reduce((a, b) => a + b, 0)); },
  scale(it, factor) { return { name: it.name, price: it.price * factor, tags: [...it.tags, 'scaled'] }; },
  judge(it) {
    if (it === undefined || it === null) return { tag: 'skipped' };
    return it.price < 100 ? { tag: 'accepted', val: it } : { tag: 'rejected', val: `${it.name} costs ${it.price}` };
  },
  divide(a, b) {
    if (b === 0) throw 'division by zero';
    return Math.trunc(a / b);
  },
  moodOf(calls) { return calls > 10 ? 'busy' : 'calm'; },
  reverseBytes(data) { return new Uint8Array([...data].reverse()); },
  calls() { served += 1; return served; },
  version() { return VERSION; },
  fail() { throw new Error('the plugin failed on purpose'); },
  spin() { for (;;) { served += 1; } },
  hog() {
    const kept = [];
    for (;;) kept.push(new Array(1 << 16).fill(kept.length));
  },
  busy(ms) {
    const until = Date.now() + ms;
    while (Date.now() < until) { /* busy */ }
    return ms;
  },
};
