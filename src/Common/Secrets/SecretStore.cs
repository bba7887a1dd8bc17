using System.Text.Json;
using Lakehouse.Common.Lake;

namespace Lakehouse.Common.Secrets;

/// <summary>Looks up secrets by name. Implementations never log or echo values.</summary>
public interface ISecretStore
{
    /// <summary>The value of the secret <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such secret; the message says where it was looked for, never a value.</exception>
    string Get(string name);
}

/// <summary>
/// Secrets from environment variables (<c>LAKEHOUSE_SECRET_&lt;NAME&gt;</c>, upper-case, '-' as '_') and then from an
/// optional local JSON file of name → value. Key Vault comes later behind the same interface.
/// </summary>
public sealed class LocalSecretStore : ISecretStore
{
    private const string Prefix = "LAKEHOUSE_SECRET_";
    private readonly Func<string, string?> _environment;
    private readonly string? _file;
    private readonly Lazy<IReadOnlyDictionary<string, string>> _fileSecrets;

    /// <summary>Creates the store; <paramref name="environment"/> defaults to the process environment.</summary>
    public LocalSecretStore(string? file = null, Func<string, string?>? environment = null)
    {
        _file = file;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _fileSecrets = new Lazy<IReadOnlyDictionary<string, string>>(ReadFile);
    }

    /// <summary>The environment variable that holds the secret <paramref name="name"/>.</summary>
    public static string VariableName(string name) => Prefix + name.ToUpperInvariant().Replace('-', '_');

    /// <inheritdoc />
    public string Get(string name)
    {
        LakeName.Validate("secret", name);
        var value = _environment(VariableName(name));
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (_fileSecrets.Value.TryGetValue(name, out value) && !string.IsNullOrEmpty(value))
        {
            return value;
        }

        var fileHint = _file is null ? string.Empty : $" or add \"{name}\" to the secrets file '{_file}'";
        throw new KeyNotFoundException($"The secret '{name}' is not set: set the environment variable {VariableName(name)}{fileHint}.");
    }

    private IReadOnlyDictionary<string, string> ReadFile()
    {
        if (_file is null || !File.Exists(_file))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(_file)) ?? new Dictionary<string, string>();
        }
        catch (JsonException)
        {
            // The parser's message may quote the file's content, which is secret: say only where.
            throw new InvalidDataException($"The secrets file '{_file}' is not a JSON object of name → string value.");
        }
    }
}
