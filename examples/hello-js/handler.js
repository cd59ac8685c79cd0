// Capsule's example app: a JavaScript wasi:http handler (componentize-js).
// It greets by name — /hello/Ada — and shows what the host told it.
addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  const name = request.headers.get('spin-path-match-name') ?? 'world';
  const body = [
    `Hello, ${name}! This is JavaScript running in a Wasm sandbox on Capsule.`,
    `You asked for ${request.method} ${url.pathname}${url.search}.`,
    `Matched route: ${request.headers.get('spin-matched-route')}`,
    '',
  ].join('\n');
  event.respondWith(new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
});
