// A wasi:http handler that keeps state in globals, for instance reuse tests.
// It exports incoming-handler itself (raw wasi:http types): componentize-js
// 0.23's fetch event cannot serve a second request in one instance
// (StarlingMonkey issue 247: its one FetchEvent is never reset).
//   (default)        JSON {instance, count}: count is how many requests this
//                    instance has seen, instance an id drawn on its first one
//   ?do=busy&ms=N    waits N ms on a host timer inside the request with a global
//                    "in use" flag set; overlapped: true if another request
//                    was inside this instance at the same time
//   ?do=loop         computes forever (the time limit stops it)
//   ?do=throw        throws from the handler (a trap)
//   ?do=grow         allocates 1 MiB arrays until memory runs out
//   ?do=stale        reads the request handle kept from the previous request
//   ?do=log&lines=N  logs N lines "log N of request C" (C: count) to stdout
//   ?do=keep-headers keeps this request's headers (a fields handle, unread)
//   ?do=kept-headers answers {probe}: x-probe as read now from the kept headers
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.10';
import { subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.10';

let instance;
let count = 0;
let inUse = false;
let previous;
let keptHeaders;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function respond(outparam, value) {
  const headers = Fields.fromList([['content-type', encoder.encode('application/json')]]);
  const response = new OutgoingResponse(headers);
  const body = response.body();
  ResponseOutparam.set(outparam, { tag: 'ok', val: response });
  const stream = body.write();
  stream.blockingWriteAndFlush(encoder.encode(JSON.stringify(value)));
  stream[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

export const incomingHandler = {
  handle(request, outparam) {
    instance ??= crypto.randomUUID();
    count++;
    const url = new URL(request.pathWithQuery() ?? '/', 'http://guest');
    const action = url.searchParams.get('do') ?? 'count';
    const kept = previous;
    previous = request;
    if (action === 'busy') {
      const overlapped = inUse;
      inUse = true;
      subscribeDuration(BigInt(url.searchParams.get('ms') ?? '50') * 1000000n).block();
      inUse = false;
      respond(outparam, { instance, count, overlapped });
      return;
    }
    if (action === 'loop') {
      for (;;) {}
    }
    if (action === 'throw') {
      throw new Error('thrown on purpose');
    }
    if (action === 'grow') {
      const hog = [];
      for (;;) hog.push(new Uint8Array(1 << 20).fill(1));
    }
    if (action === 'log') {
      const lines = Number(url.searchParams.get('lines') ?? '1');
      for (let i = 1; i <= lines; i++) console.log(`log ${i} of request ${count}`);
      respond(outparam, { instance, count });
      return;
    }
    if (action === 'keep-headers') {
      keptHeaders = request.headers();
      respond(outparam, { instance, count });
      return;
    }
    if (action === 'kept-headers') {
      const values = keptHeaders ? keptHeaders.get('x-probe') : [];
      respond(outparam, { instance, count, probe: values.map((v) => decoder.decode(v)).join(',') });
      return;
    }
    if (action === 'stale') {
      respond(outparam, { instance, count, path: kept ? kept.pathWithQuery() : null });
      return;
    }
    respond(outparam, { instance, count });
  },
};
