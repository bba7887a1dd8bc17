using System.Globalization;
using Lakehouse.Delta;

// Usage:
//   before-commit <table> <appId> <appVersion>: writes the data files of a two-row append, prints READY, then waits to be killed.
//   loop <table> <writerId>: appends one row after another, printing each committed version, until killed.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: before-commit <table> <appId> <appVersion> | loop <table> <writerId>");
    return 2;
}

using var table = DeltaTable.Open(args[1]);
switch (args[0])
{
    case "before-commit":
        table.BeforeCommit = () =>
        {
            Console.Out.WriteLine("READY");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
        };
        table.Write(
            "SELECT * FROM (VALUES (100, 'crash'), (101, 'crash')) AS t(id, p)",
            options: new DeltaWriteOptions { ApplicationId = args[2], ApplicationVersion = long.Parse(args[3], CultureInfo.InvariantCulture) });
        return 1; // never reached: the test kills the process first
    case "loop":
        for (var i = 0L; ; i++)
        {
            var result = table.Append("SELECT $1 AS id, $2 AS p", [i, args[2]]);
            Console.Out.WriteLine(result.Version.ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }

    default:
        Console.Error.WriteLine($"unknown mode '{args[0]}'");
        return 2;
}
