// A wasi:http handler that fetches the URL given in its `url` query
// parameter and answers with what came back, or with the error it got:
// the outbound half of wasi:http, exercised through JavaScript's fetch. With a `traceparent`
// query parameter the guest sets that header on its outbound request itself.
addEventListener('fetch', (event) => event.respondWith(handle(event.request)));

async function handle(request) {
  const query = new URL(request.url).searchParams;
  const target = query.get('url');
  const traceparent = query.get('traceparent');
  try {
    const response = await fetch(target, traceparent ? { headers: { traceparent } } : {});
    const body = await response.text();
    return new Response(`fetched ${response.status}: ${body}`, { status: 200 });
  } catch (error) {
    return new Response(`fetch failed: ${error}`, { status: 502 });
  }
}
