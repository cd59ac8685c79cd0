// Spin 2's SQLite and variables over HTTP, for the host's tests. Answers JSON:
//   GET …/sql?db=LABEL&sql=STATEMENT&params=JSON  params: [{"tag":"integer","val":"123"}, {"tag":"blob","val":[1,2]}, …]
//   GET /var?name=NAME
// Integers travel as decimal strings (64-bit), blobs as byte arrays; an error is {"error": {tag, val}}.
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.12';
import { Connection } from 'fermyon:spin/sqlite@2.0.0';
import { get } from 'fermyon:spin/variables@2.0.0';

const encoder = new TextEncoder();

function toValue(p) {
  if (p.tag === 'integer') return { tag: 'integer', val: BigInt(p.val) };
  if (p.tag === 'blob') return { tag: 'blob', val: new Uint8Array(p.val) };
  if (p.tag === 'null') return { tag: 'null' };
  return p;
}

function fromValue(v) {
  if (v.tag === 'integer') return { tag: 'integer', val: v.val.toString() };
  if (v.tag === 'blob') return { tag: 'blob', val: Array.from(v.val) };
  return v;
}

function errorOf(e) {
  return { error: e.payload ?? { tag: 'trap', val: String(e) } };
}

function sql(query) {
  let connection;
  try {
    connection = Connection.open(query.get('db') ?? 'default');
  } catch (e) {
    return errorOf(e);
  }
  try {
    const params = JSON.parse(query.get('params') ?? '[]').map(toValue);
    const result = connection.execute(query.get('sql'), params);
    return { columns: result.columns, rows: result.rows.map((r) => r.values.map(fromValue)) };
  } catch (e) {
    return errorOf(e);
  } finally {
    connection[Symbol.dispose]();
  }
}

function variable(query) {
  try {
    return { value: get(query.get('name')) };
  } catch (e) {
    return errorOf(e);
  }
}

export const incomingHandler = {
  handle(request, outparam) {
    const url = new URL(request.pathWithQuery() ?? '/', 'http://guest');
    const answer = url.pathname.endsWith('/sql') ? sql(url.searchParams) : variable(url.searchParams);
    const response = new OutgoingResponse(Fields.fromList([['content-type', encoder.encode('application/json')]]));
    const body = response.body();
    ResponseOutparam.set(outparam, { tag: 'ok', val: response });
    const stream = body.write();
    stream.blockingWriteAndFlush(encoder.encode(JSON.stringify(answer)));
    stream[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
  },
};
