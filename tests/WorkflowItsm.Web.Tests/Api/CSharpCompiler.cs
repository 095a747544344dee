using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace WorkflowItsm.Web.Tests.Api;

/// <summary>
/// Compiles C# text with Roslyn against the .NET 10 reference assemblies, as a user's project would: the generated
/// API client (<see cref="GeneratedClientTests"/>) and the C# worker sample (CSharpWorkerTests).
/// </summary>
internal static class CSharpCompiler
{
    // What `dotnet new console` adds as implicit usings (Microsoft.NET.Sdk): the sample is a Program.cs of such a project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The assembly's image (null when it did not compile) and the errors, each with its line.</summary>
    public sealed record Outcome(byte[]? Image, IReadOnlyList<string> Errors);

    public static Outcome Compile(string assemblyName, string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, bool implicitUsings = false)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source, parse, path: assemblyName + ".cs") };
        if (implicitUsings)
        {
            trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, path: "GlobalUsings.g.cs"));
        }

        var compilation = CSharpCompilation.Create(assemblyName, trees, Net100.References.All,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return new Outcome(result.Success ? image.ToArray() : null, errors);
    }
}
