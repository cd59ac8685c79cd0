// node burst.mjs URL N : N requests at once, prints status counts
const [url, n] = [process.argv[2], Number(process.argv[3])];
const t0 = Date.now();
const res = await Promise.all(Array.from({ length: n }, () => fetch(url).then(async r => { await r.arrayBuffer(); return r.status; }, e => 'err:' + e.cause?.code)));
const counts = {};
for (const s of res) counts[s] = (counts[s] ?? 0) + 1;
console.log(JSON.stringify(counts), `${Date.now() - t0} ms`);
