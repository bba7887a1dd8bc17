using System.Globalization;
using System.Text.RegularExpressions;
using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;

namespace Lakehouse.Common.Schemas;

/// <summary>
/// The silver tables declared in the configuration (<c>silverTables</c>): their validation, one clear problem per
/// mistake naming the table and the field, and their conversion into <see cref="SilverEntity"/> definitions.
/// </summary>
public static partial class DeclaredTables
{
    /// <summary>The column types a declared table may use (Spark names), as shown in errors.</summary>
    public const string SupportedTypes = "string, boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), date or timestamp";

    /// <summary>The columns gold reads from the silver tables it knows; a declared table of that name must have them.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> GoldContract = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["products"] = ["product_id", "title", "category", "category_name", "price", "cost"],
        ["order_lines"] = ["order_id", "product_id", "customer_id", "order_date", "unit_price", "quantity", "gross_amount", "net_amount"],
        ["customers"] = ["customer_id", "first_name", "last_name", "email", "city", "country"],
    };

    private static readonly HashSet<string> PlainTypes = new(StringComparer.Ordinal)
    {
        "string", "boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "date", "timestamp",
    };

    /// <summary>The silver entity a validated declared table defines.</summary>
    /// <exception cref="ConfigurationException">The declaration is invalid (the loader has normally said so already).</exception>
    public static SilverEntity ToEntity(SilverTableConfig table)
    {
        var problems = new List<string>();
        var entity = Check(table, "$.silverTables", problems);
        return entity ?? throw new ConfigurationException($"The silver table '{table.Name}' is not valid: {string.Join("; ", problems)}.");
    }

    /// <summary>Every declared table of <paramref name="config"/>, checked against the sources and the profiles' tables.</summary>
    internal static void Validate(PipelineConfig config, List<string> errors)
    {
        var tables = config.SilverTables ?? [];
        var builtIn = new Dictionary<string, string>(StringComparer.Ordinal);
        var earlier = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal); // what a referential rule may look up
        foreach (var source in config.Sources)
        {
            if (config.ProfileFor(source.Name) is { } profile && SourceProfiles.Exists(profile))
            {
                foreach (var name in SourceProfiles.Tables(profile))
                {
                    builtIn.TryAdd(name, $"the '{profile}' profile of source '{source.Name}'");
                }

                foreach (var entity in SourceProfiles.Entities(profile, source.Name))
                {
                    earlier.TryAdd(entity.Table, [.. entity.Columns.Select(c => c.Name)]);
                }
            }
        }

        foreach (var (table, i) in tables.Select((t, i) => (t, i)))
        {
            var at = $"$.silverTables[{i}]";
            var before = errors.Count;
            Check(table, at, errors);
            var name = table.Name;
            if (name is null || errors.Skip(before).Any(e => e.StartsWith(at + ".name", StringComparison.Ordinal)))
            {
                continue;
            }

            if (tables.Take(i).Any(t => t.Name == name))
            {
                errors.Add($"{at}.name: table '{name}' is declared more than once; give each declared table its own name");
            }

            CheckReferences(table, at, earlier, errors);
            earlier.TryAdd(name, [.. (table.Columns ?? []).Select(c => c.Name ?? string.Empty)]);

            if (SourceProfiles.SystemTables.Contains(name))
            {
                errors.Add($"{at}.name: table '{name}' is a silver table the pipeline writes itself; choose another name");
            }
            else if (builtIn.TryGetValue(name, out var owner))
            {
                errors.Add($"{at}.name: table '{name}' is already built by {owner}; choose another name or remove that profile");
            }

            if (table.Source is { } source && table.Entity is { } entity)
            {
                var sourceConfig = config.Sources.FirstOrDefault(s => s.Name == source);
                if (sourceConfig is null)
                {
                    errors.Add($"{at}.source: table '{name}' reads source '{source}', which is not configured; sources: {string.Join(", ", config.Sources.Select(s => s.Name))}");
                }
                else if (sourceConfig.Entities.All(e => e.Name != entity))
                {
                    errors.Add($"{at}.entity: table '{name}' reads '{source}/{entity}', but '{source}' has no entity '{entity}'; its entities: {string.Join(", ", sourceConfig.Entities.Select(e => e.Name))}");
                }
            }
        }
    }

    /// <summary>Checks one declaration, adding a problem per mistake; returns the entity when there is none.</summary>
    private static SilverEntity? Check(SilverTableConfig table, string at, List<string> errors)
    {
        var before = errors.Count;
        var name = table.Name;
        var what = name is null ? "the table" : $"table '{name}'";
        if (string.IsNullOrEmpty(name))
        {
            errors.Add($"{at}.name: the silver table's name is missing; use {LakeName.Rule}");
        }
        else if (!LakeName.IsValid(name))
        {
            errors.Add($"{at}.name: table '{name}' is not a valid lake name; use {LakeName.Rule}");
        }

        if (!LakeName.IsValid(table.Source))
        {
            errors.Add($"{at}.source: {what} needs the bronze source it reads ({LakeName.Rule})");
        }

        if (!LakeName.IsValid(table.Entity))
        {
            errors.Add($"{at}.entity: {what} needs the bronze entity it reads ({LakeName.Rule})");
        }

        if (table.SchemaVersion < 1)
        {
            errors.Add($"{at}.schemaVersion: {what}: use 1 or more");
        }

        if (table.ExplodeField is { } explode && !FieldPattern().IsMatch(explode))
        {
            errors.Add($"{at}.explodeField: {what}: '{explode}' is not a field name (letters, digits and '_')");
        }

        var columns = table.Columns ?? [];
        if (columns.Count == 0)
        {
            errors.Add($"{at}.columns: {what} has no columns; list at least one (name, type, expression)");
        }

        var typed = new List<SilverColumn>();
        foreach (var (column, j) in columns.Select((c, j) => (c, j)))
        {
            var ca = $"{at}.columns[{j}]";
            var cn = column.Name;
            var label = cn is null ? $"{what}, column {j}" : $"{what}, column '{cn}'";
            if (cn is null || !ColumnPattern().IsMatch(cn))
            {
                errors.Add($"{ca}.name: {label}: a column name is a letter followed by letters, digits or '_' (at most 128; names starting with '_' are the pipeline's)");
            }
            else if (columns.Take(j).Any(c => string.Equals(c.Name, cn, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{ca}.name: {label} appears more than once (column names are case-insensitive)");
            }

            var type = NormaliseType(column.Type);
            if (type is null)
            {
                var given = column.Type is null ? "the type is missing" : $"'{column.Type}' is not a supported type";
                errors.Add($"{ca}.type: {label}: {given}; use {SupportedTypes}");
            }

            if (string.IsNullOrWhiteSpace(column.Expression))
            {
                errors.Add($"{ca}.expression: {label} needs a Spark SQL expression over the raw record r, e.g. trim(r.name)");
            }

            typed.Add(new SilverColumn(cn ?? string.Empty, type ?? string.Empty, column.Expression ?? string.Empty, column.Description ?? string.Empty));
        }

        var key = table.BusinessKey ?? [];
        if (key.Count == 0)
        {
            errors.Add($"{at}.businessKey: {what} has an empty business key; list the column(s) that identify a row");
        }

        foreach (var (part, k) in key.Select((p, k) => (p, k)))
        {
            if (!columns.Any(c => string.Equals(c.Name, part, StringComparison.Ordinal)))
            {
                errors.Add($"{at}.businessKey[{k}]: {what}: key column '{part}' is not among its columns ({string.Join(", ", columns.Select(c => c.Name))})");
            }
            else if (key.Take(k).Contains(part, StringComparer.Ordinal))
            {
                errors.Add($"{at}.businessKey[{k}]: {what}: key column '{part}' is listed twice");
            }
        }

        var rules = new List<QualityRule>();
        foreach (var (rule, j) in (table.Rules ?? []).Select((r, j) => (r, j)))
        {
            var ra = $"{at}.rules[{j}]";
            var label = rule.Name is null ? $"{what}, rule {j}" : $"{what}, rule '{rule.Name}'";
            if (rule.Name is null || !FieldPattern().IsMatch(rule.Name) || rule.Name == "json_object")
            {
                errors.Add($"{ra}.name: {label}: a rule name is letters, digits and '_' ('json_object' is the pipeline's own)");
            }
            else if ((table.Rules ?? []).Take(j).Any(r => r.Name == rule.Name))
            {
                errors.Add($"{ra}.name: {label} appears more than once");
            }

            RuleReference? reference = null;
            if (rule.Exists is { } exists)
            {
                reference = CheckExists(exists, columns, $"{ra}.exists", label, errors);
                if (!string.IsNullOrWhiteSpace(rule.Condition))
                {
                    errors.Add($"{ra}.condition: {label} has both a condition and \"exists\"; keep one");
                }
            }
            else if (string.IsNullOrWhiteSpace(rule.Condition))
            {
                errors.Add($"{ra}.condition: {label} needs a Spark SQL condition over the table's columns, e.g. price >= 0 (or \"exists\")");
            }

            var severity = ParseSeverity(rule.Severity);
            if (severity is null)
            {
                var given = rule.Severity is null ? "the severity is missing" : $"'{rule.Severity}' is not a severity";
                errors.Add($"{ra}.severity: {label}: {given}; use warn (keep and count), drop (quarantine) or fail (abort the batch)");
            }

            if (string.IsNullOrWhiteSpace(rule.Reason))
            {
                errors.Add($"{ra}.reason: {label} needs a reason in words (it is shown in quarantine)");
            }

            rules.Add(reference is not null
                ? QualityRule.Exists(rule.Name ?? string.Empty, reference.Column, reference.Table, reference.TableColumn, severity ?? RuleSeverity.Warn, rule.Reason ?? string.Empty)
                : new QualityRule(rule.Name ?? string.Empty, rule.Condition ?? string.Empty, severity ?? RuleSeverity.Warn, rule.Reason ?? string.Empty));
        }

        if (name is not null && GoldContract.TryGetValue(name, out var contract))
        {
            var missing = contract.Where(c => !columns.Any(x => string.Equals(x.Name, c, StringComparison.Ordinal))).ToList();
            if (missing.Count > 0)
            {
                errors.Add($"{at}.columns: table '{name}' is one gold reads, so it needs the columns {string.Join(", ", contract)}; missing: {string.Join(", ", missing)}");
            }
        }

        var dropped = table.DroppedFields ?? [];
        string? rawSchema = table.RawSchema;
        if (rawSchema is not null)
        {
            if (!rawSchema.Trim().StartsWith("struct<", StringComparison.OrdinalIgnoreCase) || !rawSchema.Trim().EndsWith('>'))
            {
                errors.Add($"{at}.rawSchema: {what}: a raw schema is a Spark struct type, e.g. struct<id:string,name:string>");
            }
        }
        else if (columns.Count > 0 && columns.All(c => !string.IsNullOrWhiteSpace(c.Expression)))
        {
            var (derived, problem) = RawSchemaDerivation.Derive(columns.Select(c => c.Expression!), table.ExplodeField);
            if (problem is not null)
            {
                errors.Add($"{at}.columns: {what}: {problem}");
            }
            else
            {
                rawSchema = derived;
                var used = RawSchemaDerivation.References(string.Join(" ", columns.Select(c => c.Expression)))
                    .Where(p => p.Count > 1 && p[0].Equals("r", StringComparison.OrdinalIgnoreCase))
                    .Select(p => p[1]);
                foreach (var field in used.Intersect(dropped, StringComparer.Ordinal))
                {
                    errors.Add($"{at}.droppedFields: {what}: '{field}' is dropped but a column uses r.{field}; keep one");
                }
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new SilverEntity
        {
            Table = name!,
            SchemaVersion = table.SchemaVersion,
            Source = table.Source!,
            Entity = table.Entity!,
            RawSchema = rawSchema!,
            DroppedFields = dropped,
            ExplodeField = table.ExplodeField,
            Columns = typed,
            BusinessKey = key,
            Rules = rules,
        };
    }

    /// <summary>A rule's <c>exists</c>: its column is one of the table's, and <c>in</c> is <c>table.column</c>; null when not.</summary>
    private static RuleReference? CheckExists(RuleExistsConfig exists, IReadOnlyList<SilverColumnConfig> columns, string at, string label, List<string> errors)
    {
        var problems = errors.Count;
        if (exists.Column is null || !columns.Any(c => string.Equals(c.Name, exists.Column, StringComparison.Ordinal)))
        {
            errors.Add($"{at}.column: {label}: '{exists.Column}' is not one of the table's columns ({string.Join(", ", columns.Select(c => c.Name))})");
        }

        var parts = exists.In?.Split('.') ?? [];
        if (parts is not [var table, var column] || !LakeName.IsValid(table) || !ColumnPattern().IsMatch(column))
        {
            errors.Add($"{at}.in: {label}: '{exists.In}' is not table.column (a silver table and one of its columns, e.g. products.product_id)");
        }

        return errors.Count > problems ? null : new RuleReference(exists.Column!, parts[0], parts[1]);
    }

    /// <summary>
    /// The tables the declared rules look values up in: built before the rule's table (silver runs the profiles' tables,
    /// then the declared ones in order) and having the column.
    /// </summary>
    private static void CheckReferences(SilverTableConfig table, string at, IReadOnlyDictionary<string, IReadOnlyList<string>> earlier, List<string> errors)
    {
        foreach (var (rule, j) in (table.Rules ?? []).Select((r, j) => (r, j)))
        {
            if (rule.Exists?.In?.Split('.') is not [var target, var column])
            {
                continue;
            }

            if (!earlier.TryGetValue(target, out var columns))
            {
                var known = earlier.Count == 0 ? "none is" : string.Join(", ", earlier.Keys) + (earlier.Count == 1 ? " is" : " are");
                errors.Add($"{at}.rules[{j}].exists.in: table '{table.Name}', rule '{rule.Name}': '{target}' is not a silver table built before this one ({known}); reference a profile's table or one declared earlier");
            }
            else if (!columns.Contains(column, StringComparer.Ordinal))
            {
                errors.Add($"{at}.rules[{j}].exists.in: table '{table.Name}', rule '{rule.Name}': silver table '{target}' has no column '{column}' ({string.Join(", ", columns)})");
            }
        }
    }

    /// <summary>The type in Spark's lower-case form, or null when it is not one a declared column may use.</summary>
    internal static string? NormaliseType(string? type)
    {
        if (type is null)
        {
            return null;
        }

        var text = type.Trim().ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (PlainTypes.Contains(text))
        {
            return text;
        }

        var match = DecimalPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var precision = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var scale = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        return precision is >= 1 and <= 38 && scale <= precision ? string.Create(CultureInfo.InvariantCulture, $"decimal({precision},{scale})") : null;
    }

    private static RuleSeverity? ParseSeverity(string? severity) => severity?.Trim().ToLowerInvariant() switch
    {
        "warn" => RuleSeverity.Warn,
        "drop" => RuleSeverity.Drop,
        "fail" => RuleSeverity.Fail,
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^decimal\((\d{1,2})(?:,(\d{1,2}))?\)$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();
}
