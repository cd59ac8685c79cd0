using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Capsule.Hosting.Registry;

// Answering a 401: Basic sends the saved credential; Bearer fetches a token from the realm
// (the docker token protocol, as distribution's spec describes it) with the credential if any.
public sealed partial class RegistryClient
{
    private const int MostTokenBytes = 1 << 20;

    private async Task<AuthenticationHeaderValue> Authorize(AuthenticationHeaderValue? challenge, CancellationToken cancellation)
    {
        if (challenge is null)
        {
            throw _credential is null ? NeedsLogin() : Refused();
        }
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return _credential is null ? throw NeedsLogin() : BasicHeader(_credential);
        }
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new RegistryException(RegistryFailure.Unauthorized, $"registry {_reference.Registry} asks for '{challenge.Scheme}' authentication, which Capsule does not speak (Basic, Bearer)");
        }
        var parameters = ChallengeParameters(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri)
            || realmUri.Scheme is not ("https" or "http"))
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"registry {_reference.Registry} asked for a token without a usable realm");
        }
        if (_credential is not null && realmUri.Scheme == "http" && !_insecure)
        {
            // A token service over plain HTTP would see the saved password in the clear.
            throw new RegistryException(RegistryFailure.Unauthorized,
                $"registry {_reference.Registry} asks for a token from {realmUri.GetLeftPart(UriPartial.Authority)} over plain HTTP: the saved credential goes to a token service only over HTTPS (--insecure allows it for a local registry)");
        }
        var query = new StringBuilder();
        if (parameters.TryGetValue("service", out var service))
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }
        query.Append("scope=").Append(Uri.EscapeDataString(_scope));
        var url = new UriBuilder(realmUri) { Query = realmUri.Query.Length > 1 ? realmUri.Query[1..] + "&" + query : query.ToString() }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (_credential is not null)
        {
            request.Headers.Authorization = BasicHeader(_credential);
        }
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryException(RegistryFailure.Unavailable, $"cannot reach the token service of {_reference.Registry} ({url.Host}): {Innermost(e)}", e);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw _credential is null ? NeedsLogin() : Refused();
            }
            await Expect(response, HttpStatusCode.OK, "cannot get a token", cancellation);
            await using var body = await response.Content.ReadAsStreamAsync(cancellation);
            using var buffer = new MemoryStream();
            await Stalling(BoundedCopy.To(body, buffer, MostTokenBytes, () => TooLarge("token", MostTokenBytes), cancellation), "a token");
            return new AuthenticationHeaderValue("Bearer", TokenIn(buffer.ToArray()));
        }
    }

    private string TokenIn(byte[] json)
    {
        try
        {
            var answer = JsonNode.Parse(json) as JsonObject;
            foreach (var key in new[] { "token", "access_token" })
            {
                if (answer?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length > 0)
                {
                    return value.GetValue<string>();
                }
            }
        }
        catch (JsonException)
        {
        }
        throw new RegistryException(RegistryFailure.Unavailable, $"the token service of {_reference.Registry} answered without a token");
    }

    private static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}")));

    // realm="https://auth.example/token",service="registry.example",scope="repository:x:pull"
    private static Dictionary<string, string> ChallengeParameters(string text) =>
        ChallengeParameter().Matches(text).ToDictionary(m => m.Groups["key"].Value.ToLowerInvariant(), m => m.Groups["value"].Value);

    [GeneratedRegex("""(?<key>[A-Za-z_]+)="(?<value>[^"]*)"|(?<key>[A-Za-z_]+)=(?<value>[^,\s]+)""")]
    private static partial Regex ChallengeParameter();
}
