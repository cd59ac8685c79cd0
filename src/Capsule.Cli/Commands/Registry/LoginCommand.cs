using System.CommandLine;
using Capsule.Hosting.Registry;

namespace Capsule.Cli.Commands.Registry;

/// <summary><c>capsule registry login SERVER -u USER (-p PASSWORD | --password-stdin)</c>.</summary>
internal sealed class LoginCommand
{
    private readonly Argument<string> _server = new("SERVER") { Description = "The registry: host[:port] (e.g. ghcr.io, 127.0.0.1:5000)" };

    private readonly Option<string> _username = new("--username", "-u") { Description = "User name", Required = true };

    private readonly Option<string?> _password = new("--password", "-p") { Description = "Password or token (visible to other users in the process list: prefer --password-stdin)" };

    private readonly Option<bool> _passwordStdin = new("--password-stdin") { Description = "Read the password or token from standard input" };

    private readonly Option<bool> _insecure = RegistryCommand.InsecureOption();

    public Command Build()
    {
        var command = new Command("login", "Check a user name and password with a registry and save them in Docker's config file ($DOCKER_CONFIG/config.json, else ~/.docker/config.json; mode 0600, base64, not encrypted), where push, pull and up --from-registry find them.\n\n" + RegistryCommand.ExitCodeHelp)
        {
            _server, _username, _password, _passwordStdin, _insecure,
        };
        command.SetAction(Execute);
        return command;
    }

    private async Task<int> Execute(ParseResult parse, CancellationToken cancellation)
    {
        var password = parse.GetValue(_password);
        if (parse.GetValue(_passwordStdin))
        {
            password = (await Console.In.ReadToEndAsync(cancellation)).TrimEnd('\r', '\n');
        }
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("capsule: error: give the password with --password-stdin (or --password)");
            return ExitCodes.BadInput;
        }
        var server = parse.GetValue(_server)!;
        // The server alone, checked as a reference so that host[:port] is validated once.
        if (RegistryCommand.ParseReference($"{server}/login-check") is not { } reference)
        {
            return ExitCodes.BadInput;
        }
        var credential = new RegistryCredential(parse.GetValue(_username)!, password);
        try
        {
            using var client = new RegistryClient(reference, parse.GetValue(_insecure), push: false, credential);
            await client.CheckLogin(cancellation);
            DockerConfig.Save(reference.Registry, credential);
            Console.Out.WriteLine($"Logged in to {reference.Registry} as {credential.UserName} (saved in {DockerConfig.FilePath})");
            return 0;
        }
        catch (RegistryException e)
        {
            return RegistryCommand.Report(e);
        }
    }
}
