// Spin's Redis trigger and outbound Redis, for the host's tests.
//
// inbound-redis handle-message: the payload is "CHANNEL:N" (or "fail" / "trap" / "sleep:MS"). The
// handler appends the payload to the list REDIS_LOG_KEY (environment) on REDIS_ADDRESS through
// fermyon:spin/redis@2.0.0, so a test reads back what ran and in which order. "fail" returns the
// error case, "trap" throws (the instance traps), "sleep:MS" keeps busy for MS milliseconds first.
//
// wasi:http: GET /OP?address=…&… runs one fermyon:spin/redis@2.0.0 operation and answers 200 with
// its result as text, or 500 with `error: TAG[: message]`. OP: open, publish (channel, value), get
// (key), set (key, value), incr (key), del (keys=a,b), sadd / srem (key, values=a,b), smembers (key),
// execute (command, args: a JSON list of [\"int64\", \"5\"] or [\"binary\", \"text\"]).
import { Connection } from 'fermyon:spin/redis@2.0.0';
import { getEnvironment } from 'wasi:cli/environment@0.2.10';
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.10';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function env(name) {
  const entry = getEnvironment().find(([key]) => key === name);
  return entry ? entry[1] : undefined;
}

export const inboundRedis = {
  handleMessage(message) {
    const text = decoder.decode(message);
    console.log(`handling ${text}`);
    if (text === 'fail') {
      throw 'error';
    }
    if (text === 'trap') {
      throw new Error('asked to trap');
    }
    if (text.startsWith('sleep:')) {
      const until = Date.now() + Number(text.slice(6));
      while (Date.now() < until) {
        // Busy: a message still being handled when the next one comes.
      }
    }
    const connection = Connection.open(env('REDIS_ADDRESS'));
    try {
      connection.execute('RPUSH', [{ tag: 'binary', val: encoder.encode(env('REDIS_LOG_KEY') ?? 'log') }, { tag: 'binary', val: message }]);
    } finally {
      connection[Symbol.dispose]();
    }
  },
};

const list = (query, name) => (query.get(name) ?? '').split(',').filter((v) => v.length > 0);

function run(op, query) {
  const connection = Connection.open(query.get('address') ?? '');
  try {
    switch (op) {
      case 'open': return 'ok';
      case 'publish': connection.publish(query.get('channel'), encoder.encode(query.get('value') ?? '')); return 'ok';
      case 'get': {
        const value = connection.get(query.get('key'));
        return value === undefined ? '(none)' : decoder.decode(value);
      }
      case 'set': connection.set(query.get('key'), encoder.encode(query.get('value') ?? '')); return 'ok';
      case 'incr': return String(connection.incr(query.get('key')));
      case 'del': return String(connection.del(list(query, 'keys')));
      case 'sadd': return String(connection.sadd(query.get('key'), list(query, 'values')));
      case 'srem': return String(connection.srem(query.get('key'), list(query, 'values')));
      case 'smembers': return JSON.stringify(connection.smembers(query.get('key')).sort());
      case 'execute': {
        const args = JSON.parse(query.get('args') ?? '[]').map(([tag, val]) =>
          tag === 'int64' ? { tag, val: BigInt(val) } : { tag, val: encoder.encode(val) });
        const results = connection.execute(query.get('command'), args);
        return JSON.stringify(results.map((r) =>
          r.tag === 'binary' ? ['binary', decoder.decode(r.val)] : r.tag === 'int64' ? ['int64', String(r.val)] : r.tag === 'status' ? ['status', r.val] : ['nil']));
      }
      default: throw new Error(`unknown op ${op}`);
    }
  } finally {
    connection[Symbol.dispose]();
  }
}

function describe(e) {
  const error = e.payload;
  if (error?.tag) return `error: ${error.tag}${error.val === undefined ? '' : `: ${error.val}`}`;
  return `error: ${e}`;
}

export const incomingHandler = {
  handle(request, outparam) {
    const url = new URL(request.pathWithQuery() ?? '/', 'http://guest');
    let status = 200;
    let body;
    try {
      body = run(decodeURIComponent(url.pathname.slice(1)), url.searchParams);
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
