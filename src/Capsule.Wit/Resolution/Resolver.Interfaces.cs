using Capsule.Wit.Model;
using Capsule.Wit.Syntax;

namespace Capsule.Wit.Resolution;

// Interfaces: their uses, types and functions.
internal sealed partial class Resolver
{
    private readonly Dictionary<InterfaceSyntax, Interface> _interfaces = new(ReferenceComparer<InterfaceSyntax>.Instance);
    private readonly HashSet<InterfaceSyntax> _resolvingInterfaces = new(ReferenceComparer<InterfaceSyntax>.Instance);

    /// <summary>Resolves an interface once; <paramref name="world"/> is set for one written inline in a world.</summary>
    private Interface ResolveInterface(InterfaceSyntax syntax, PackageBodySyntax body, PackageScope package, string? world)
    {
        if (_interfaces.TryGetValue(syntax, out var done))
        {
            return done;
        }
        if (!_resolvingInterfaces.Add(syntax))
        {
            throw syntax.Spot.Error($"interface `{syntax.Name}` depends on itself through `use`");
        }
        var owner = new TypeOwner(package.Name, syntax.Name, world);
        var scope = new TypeScope(owner, world is null ? $"interface `{package.Name.Qualify(syntax.Name)}`" : $"interface `{syntax.Name}` of world `{world}`");
        var items = syntax.Items.Where(i => Enabled(i.Gate)).ToList();
        var uses = new List<Use>();
        foreach (var item in items)
        {
            switch (item)
            {
                case UseSyntax use:
                    uses.Add(ResolveUse(use, body, scope));
                    break;
                case TypeDefSyntax typeDef:
                    scope.AddLocal(typeDef);
                    break;
                case FuncSyntax func:
                    scope.AddFunction(func.Name, func.Spot);
                    break;
            }
        }
        var types = new List<TypeDef>();
        var functions = new List<Function>();
        foreach (var item in items)
        {
            if (item is FuncSyntax func)
            {
                functions.Add(ResolveFunction(func.Name, FunctionKind.Freestanding, null, func.Type, func.Docs, func.Gate, scope));
            }
            else if (item is TypeDefSyntax typeDef)
            {
                var definition = scope.Define(typeDef);
                types.Add(definition);
                if (typeDef is ResourceSyntax resource)
                {
                    functions.AddRange(ResolveResourceFunctions(resource, (ResourceDef)definition, scope));
                }
            }
        }
        var result = new Interface(syntax.Name, package.Name, world, syntax.Docs, syntax.Gate, uses.ToValueList(), types.ToValueList(), functions.ToValueList());
        _resolvingInterfaces.Remove(syntax);
        _interfaces.Add(syntax, result);
        return result;
    }

    /// <summary>Resolves <c>use from.{a, b as c}</c> and puts the names into <paramref name="scope"/>.</summary>
    private Use ResolveUse(UseSyntax use, PackageBodySyntax body, TypeScope scope)
    {
        var from = FindInterface(use.From, body);
        var types = new List<UsedType>();
        foreach (var name in use.Names)
        {
            var definition = from.FindType(name.Name)
                ?? from.Uses.SelectMany(u => u.Types).FirstOrDefault(t => t.LocalName == name.Name)?.Definition
                ?? throw name.Spot.Error($"interface `{from.QualifiedName}` has no type `{name.Name}`");
            scope.AddUsed(name.LocalName, definition, name.Spot);
            types.Add(new UsedType(name.LocalName, definition));
        }
        return new Use(from, types.ToValueList());
    }

    private IEnumerable<Function> ResolveResourceFunctions(ResourceSyntax syntax, ResourceDef resource, TypeScope scope)
    {
        var names = new HashSet<string>();
        foreach (var func in syntax.Functions.Where(f => Enabled(f.Gate)))
        {
            if (!names.Add(func.Name))
            {
                var what = func.Kind == FunctionKind.Constructor ? "a second constructor" : $"`{func.Name}` is defined twice";
                throw func.Spot.Error($"resource `{resource.Name}` has {what}");
            }
            yield return ResolveFunction(func.Name, func.Kind, resource, func.Type, func.Docs, func.Gate, scope);
        }
    }

    /// <summary>A function; a method gets <c>self: borrow&lt;resource&gt;</c> first, a constructor returns <c>own&lt;resource&gt;</c> unless written.</summary>
    private static Function ResolveFunction(
        string name, FunctionKind kind, ResourceDef? resource, FuncTypeSyntax type, string docs, Gate gate, TypeScope scope)
    {
        var parameters = new List<Param>();
        if (kind == FunctionKind.Method)
        {
            parameters.Add(new Param("self", new HandleType(HandleKind.Borrow, resource!)));
        }
        foreach (var param in type.Params)
        {
            if (parameters.Any(p => p.Name == param.Name))
            {
                throw param.Spot.Error($"parameter `{param.Name}` of `{name}` is written twice");
            }
            parameters.Add(new Param(param.Name, scope.Resolve(param.Type)));
        }
        WitType? result = type.Result is null ? null : scope.Resolve(type.Result);
        if (result is not null && BorrowFinder.Contains(result))
        {
            // A borrow lives for one call; the component model has no way to return one.
            throw type.Result!.Spot.Error($"the result of `{name}` contains a `borrow<..>`: a function can only return owned handles");
        }
        if (kind == FunctionKind.Constructor)
        {
            result ??= new HandleType(HandleKind.Own, resource!);
        }
        return new Function(name, kind, resource, parameters.ToValueList(), result, type.IsAsync, docs, gate);
    }
}
