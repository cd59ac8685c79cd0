// The baseline for bench/http: bare Kestrel answering with the same bytes
// the JS example guest returns, so the difference is what Wasm costs.
//   dotnet BareKestrel.dll 127.0.0.1:3303
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://{(args.Length > 0 ? args[0] : "127.0.0.1:3303")}");
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
var app = builder.Build();
app.Run(context =>
{
    context.Response.ContentType = "text/plain";
    context.Response.Headers["x-guest"] = "componentize-js";
    return context.Response.WriteAsync($"hello from js: {context.Request.Method} {context.Request.Path}\n");
});
app.Run();
