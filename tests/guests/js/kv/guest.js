// Key-value from a guest, over wasi:http: GET /API/LABEL/OP[/KEY][?…] where API is
// `spin` (fermyon:spin/key-value@2.0.0) or `wasi` (wasi:keyvalue store, atomics, batch).
// OP: set (?value=), get, exists, delete, keys; wasi only: incr (?delta=), cas (?value=: swap
// from the value seen), getmany / deletemany (?keys=a,b), setmany (?a=1&b=2).
// 200 with the result as text, or 500 with `error: TAG[: message]`.
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.10';
import { Store } from 'fermyon:spin/key-value@2.0.0';
import { open } from 'wasi:keyvalue/store@0.2.0-draft2';
import { Cas, increment, swap } from 'wasi:keyvalue/atomics@0.2.0-draft2';
import { deleteMany, getMany, setMany } from 'wasi:keyvalue/batch@0.2.0-draft2';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (bytes) => (bytes === undefined ? '(none)' : decoder.decode(bytes));

function spin(label, op, key, query) {
  const store = Store.open(label);
  try {
    switch (op) {
      case 'set': store.set(key, encoder.encode(query.get('value') ?? '')); return 'ok';
      case 'get': return text(store.get(key));
      case 'exists': return String(store.exists(key));
      case 'delete': store.delete(key); return 'ok';
      case 'keys': return JSON.stringify(store.getKeys().sort());
      default: throw new Error(`unknown op ${op}`);
    }
  } finally {
    store[Symbol.dispose]();
  }
}

function wasi(label, op, key, query) {
  const bucket = open(label);
  try {
    switch (op) {
      case 'set': bucket.set(key, encoder.encode(query.get('value') ?? '')); return 'ok';
      case 'get': return text(bucket.get(key));
      case 'exists': return String(bucket.exists(key));
      case 'delete': bucket.delete(key); return 'ok';
      case 'keys': return JSON.stringify(bucket.listKeys(undefined).keys.sort());
      case 'incr': return String(increment(bucket, key, BigInt(query.get('delta') ?? '1')));
      case 'cas': {
        const cas = Cas.new(bucket, key);
        const seen = text(cas.current());
        try {
          swap(cas, encoder.encode(query.get('value') ?? ''));
          return `swapped ${seen}`;
        } catch (e) {
          if (e.payload?.tag === 'cas-failed') return `cas-failed ${text(e.payload.val.current())}`;
          throw e;
        }
      }
      case 'getmany':
        return JSON.stringify(getMany(bucket, query.get('keys').split(',')).map(([k, v]) => [k, v === undefined ? null : text(v)]));
      case 'setmany':
        setMany(bucket, [...query.entries()].map(([k, v]) => [k, encoder.encode(v)])); return 'ok';
      case 'deletemany': deleteMany(bucket, query.get('keys').split(',')); return 'ok';
      default: throw new Error(`unknown op ${op}`);
    }
  } finally {
    bucket[Symbol.dispose]();
  }
}

function describe(e) {
  const error = e.payload?.tag === 'store-error' ? e.payload.val : e.payload;
  if (error?.tag) return `error: ${error.tag}${error.val === undefined ? '' : `: ${error.val}`}`;
  return `error: ${e}`;
}

export const incomingHandler = {
  handle(request, outparam) {
    const url = new URL(request.pathWithQuery() ?? '/', 'http://guest');
    const [api, label, op, ...rest] = url.pathname.split('/').slice(1).map(decodeURIComponent);
    let status = 200;
    let body;
    try {
      body = (api === 'spin' ? spin : wasi)(label, op, rest.join('/'), url.searchParams);
    } catch (e) {
      status = 500;
      body = describe(e);
    }
    const response = new OutgoingResponse(Fields.fromList([['content-type', encoder.encode('text/plain')]]));
    response.setStatusCode(status);
    const out = response.body();
    ResponseOutparam.set(outparam, { tag: 'ok', val: response });
    const stream = out.write();
    stream.blockingWriteAndFlush(encoder.encode(`${body}\n`));
    stream[Symbol.dispose]();
    OutgoingBody.finish(out, undefined);
  },
};
