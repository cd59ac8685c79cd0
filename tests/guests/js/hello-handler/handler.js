// The hello example's answer ("hello from js: GET /path"), written against
// wasi:http itself (it exports incoming-handler) instead of the fetch event:
// componentize-js 0.23's fetch event serves one request per instance
// (StarlingMonkey issue 247), this handler any number, so it can be served
// with instance reuse. bench/http/reuse.sh compares the two.
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.10';

const encoder = new TextEncoder();

export const incomingHandler = {
  handle(request, outparam) {
    const method = request.method();
    const path = new URL(request.pathWithQuery() ?? '/', 'http://guest').pathname;
    const headers = Fields.fromList([
      ['content-type', encoder.encode('text/plain')],
      ['x-guest', encoder.encode('componentize-js')],
    ]);
    const response = new OutgoingResponse(headers);
    const body = response.body();
    ResponseOutparam.set(outparam, { tag: 'ok', val: response });
    const stream = body.write();
    stream.blockingWriteAndFlush(encoder.encode(`hello from js: ${method.tag === 'other' ? method.val : method.tag.toUpperCase()} ${path}\n`));
    stream[Symbol.dispose]();
    OutgoingBody.finish(body, undefined);
  },
};
